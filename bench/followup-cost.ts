/**
 * Experiment: what the "order-paid" follow-up (cognito-local account + outbox email) costs per paid event.
 * It used to run inline in the webhook request; since issue 13 the in-process worker runs it after the
 * response, so these variants now show what the worker's work costs the webhook running beside it. Serves the existing `.next` build (run `npm run bench`
 * or `next build` first) on its own ports and data dir, and sends the same kind of signed
 * `checkout.session.completed` events three ways:
 *   - no email: the follow-up returns at once (no buyer to provision) — the handler without it;
 *   - one email: the account exists after the first event: AdminGetUser + "order received" email;
 *   - new emails: every event is a new buyer: AdminGetUser (miss) + AdminCreateUser + invitation email.
 * Each runs at a fixed 200 events/s and at saturation. Prints figures; writes no report.
 *
 *   npx tsx bench/followup-cost.ts
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Stripe from 'stripe';
import { startBenchStack } from './bench-stack';
import { runLoad, type LoadResult } from './load';
import { deliveryStream, inOrder, openSessions, signDeliveries, type Delivery } from './webhook-deliveries';

const SHOP_PORT = 3210;
const STRIPE_PORT = 12114;
const COGNITO_PORT = 9232;
const PER_RUN = Number(process.env.FOLLOWUP_EVENTS ?? 600);
const RATE = 200;
const WARM_UP = 300;
const CONNECTIONS = 50;
const SECRET = `whsec_followup_${randomBytes(16).toString('hex')}`;
const EMAIL = '"email":"bench@example.com"';

type Variant = 'no email' | 'one email' | 'new emails';

function withEmail(stream: Delivery[], variant: Variant, tag: string): Delivery[] {
  return stream.map((d, i) => {
    if (!d.body.includes(EMAIL)) throw new Error('unexpected event body');
    const email = variant === 'no email' ? '"email":null' : variant === 'one email' ? EMAIL : `"email":"buyer-${tag}-${i}@example.com"`;
    return { ...d, body: d.body.replace(EMAIL, email) };
  });
}

const row = (name: string, r: LoadResult): string =>
  `| ${name} | ${r.requestsPerSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.requests} |`;

async function main(): Promise<void> {
  const stack = await startBenchStack({
    dataDir: path.resolve('.data/bench-followup'),
    shopPort: SHOP_PORT,
    stripePort: STRIPE_PORT,
    cognitoPort: COGNITO_PORT,
    webhookSecret: SECRET,
  });
  const rows: string[] = [];
  try {
    const stripe = new Stripe('sk_test_followup_key', { host: '127.0.0.1', port: STRIPE_PORT, protocol: 'http' });
    const price = (await stripe.prices.list({ active: true, limit: 1 })).data[0];
    if (!price) throw new Error('Local Stripe has no price');
    const variants: Variant[] = ['no email', 'one email', 'new emails'];
    const sessions = await openSessions(stripe, price.id, WARM_UP + variants.length * 2 * PER_RUN);
    const url = `http://127.0.0.1:${SHOP_PORT}/api/webhooks/stripe`;
    // Warm-up (JIT, route bundles, SQLite statements, the one account) on sessions outside the runs.
    const warm = withEmail(deliveryStream(sessions.splice(0, WARM_UP), 0, 'warm'), 'one email', 'warm');
    await runLoad({ url, connections: 4, amount: warm.length, method: 'POST', nextRequest: inOrder(signDeliveries(stripe, warm, SECRET)) });
    for (const variant of variants) {
      for (const mode of ['fixed', 'saturation'] as const) {
        const tag = `${variant.replace(' ', '_')}_${mode}`; // event ids allow [A-Za-z0-9_] only
        const stream = withEmail(deliveryStream(sessions.splice(0, PER_RUN), 0, tag), variant, tag);
        const result = await runLoad({
          url, connections: CONNECTIONS, amount: stream.length, method: 'POST',
          ...(mode === 'fixed' ? { ratePerSecond: RATE } : {}),
          nextRequest: inOrder(signDeliveries(stripe, stream, SECRET)),
        });
        rows.push(row(`${variant}, ${mode === 'fixed' ? `${RATE}/s offered` : 'saturation'}`, result));
        process.stdout.write(`${rows.at(-1) ?? ''}\n`);
      }
    }
  } finally {
    await stack.stop();
  }
  process.stdout.write(`\n| Webhook, follow-up variant | req/s | p50 ms | p95 ms | p99 ms | errors | requests |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n${rows.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
