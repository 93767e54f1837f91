import Stripe from 'stripe';

export interface Delivery {
  eventId: string;
  sessionId: string;
  body: string;
}

/** Opens real Checkout Sessions in Local Stripe: the handler fetches each one's line items. */
export async function openSessions(stripe: Stripe, priceId: string, count: number, concurrency = 16): Promise<Stripe.Checkout.Session[]> {
  const sessions: Stripe.Checkout.Session[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      sessions.push(
        await stripe.checkout.sessions.create({
          mode: 'payment',
          line_items: [{ price: priceId, quantity: 1 }],
          success_url: 'http://127.0.0.1/bench/success',
          cancel_url: 'http://127.0.0.1/bench/cancel',
          metadata: { delivery_date: '2030-01-01' },
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sessions;
}

/** The event Stripe sends when a session is paid, as the emulator would build it. */
export function completedEvent(session: Stripe.Checkout.Session, eventId: string, createdSeconds: number): Record<string, unknown> {
  const completed = {
    ...session,
    status: 'complete',
    payment_status: 'paid',
    url: null,
    customer_details: { email: 'bench@example.com', name: 'Bench Buyer', address: null, phone: null, tax_exempt: 'none', tax_ids: [] },
  };
  return {
    id: eventId,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created: createdSeconds,
    data: { object: completed },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'checkout.session.completed',
  };
}

/**
 * One delivery per session plus re-deliveries of earlier events, so duplicates make up
 * `duplicateShare` of the stream; each duplicate comes after its original, as Stripe's retries do.
 */
export function deliveryStream(sessions: readonly Stripe.Checkout.Session[], duplicateShare: number, runTag: string, random: () => number = Math.random): Delivery[] {
  const createdSeconds = Math.floor(Date.now() / 1000);
  const originals = sessions.map((session, index): Delivery => {
    const eventId = `evt_bench_${runTag}_${index}`;
    return { eventId, sessionId: session.id, body: JSON.stringify(completedEvent(session, eventId, createdSeconds)) };
  });
  const duplicateCount = Math.round((originals.length * duplicateShare) / (1 - duplicateShare));
  const stream = [...originals];
  for (let i = 0; i < duplicateCount; i++) {
    const original = Math.floor(random() * originals.length);
    const earliest = stream.findIndex((delivery) => delivery === originals[original]);
    const position = earliest + 1 + Math.floor(random() * (stream.length - earliest));
    const copy = originals[original];
    if (copy) stream.splice(position, 0, copy);
  }
  return stream;
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** Signs every delivery up front (valid for Stripe's 300 s tolerance), so the load generator only sends. */
export function signDeliveries(stripe: Stripe, stream: readonly Delivery[], webhookSecret: string): SignedDelivery[] {
  return stream.map((delivery) => ({
    body: delivery.body,
    headers: {
      'content-type': 'application/json',
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: delivery.body, secret: webhookSecret }),
    },
  }));
}

/** Hands the signed deliveries out in order, shared by every connection. */
export function inOrder(signed: readonly SignedDelivery[]): () => SignedDelivery {
  let next = 0;
  return () => {
    const delivery = signed[next++ % signed.length];
    if (!delivery) throw new Error('no deliveries to send');
    return delivery;
  };
}
