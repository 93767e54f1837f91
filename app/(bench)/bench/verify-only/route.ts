import { getServices } from '@/lib/composition';
import { readBodyWithLimit } from '@/lib/http/read-body';
import { MAX_WEBHOOK_BODY_BYTES } from '@/lib/http/webhooks/handle-webhook-request';

export const dynamic = 'force-dynamic';

/**
 * The benchmark's floor for webhook ingestion inside Next: read the body and verify the signature,
 * nothing else, so the gap to /api/webhooks/stripe is the cost of the shop's own work.
 * Answers 404 unless the server runs with BENCH_ROUTES=1, so production exposes nothing.
 */
export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_ROUTES !== '1') return new Response(null, { status: 404 });
  const { stripe, config } = getServices();
  try {
    const body = await readBodyWithLimit(request, MAX_WEBHOOK_BODY_BYTES);
    stripe.webhooks.constructEvent(body, request.headers.get('stripe-signature') ?? '', config.webhookSecret);
  } catch {
    return Response.json({ error: 'Invalid signature' }, { status: 400 });
  }
  return Response.json({ received: true });
}
