/**
 * Webhook floor (b): the best this machine can do for one delivery — a bare node:http server that
 * verifies the signature with the Stripe SDK and records the event in the same SQLite store adapter.
 * Run as its own process by the benchmark: `tsx bench/floor-server.ts` with FLOOR_PORT, FLOOR_DB and
 * STRIPE_WEBHOOK_SECRET set. Prints "listening" when ready.
 */
import http from 'node:http';
import Stripe from 'stripe';
import { SqliteOrderStore } from '../lib/adapters/sqlite/sqlite-order-store';
import { MAX_WEBHOOK_BODY_BYTES } from '../lib/http/webhooks/handle-webhook-request';
import { toEventRecord } from '../lib/services/webhooks/process-event';
import { BodyTooLargeError, readChunksWithLimit } from '../common/http/read-body';

const port = Number(process.env.FLOOR_PORT);
const secret = process.env.STRIPE_WEBHOOK_SECRET ?? '';
const store = SqliteOrderStore.open(process.env.FLOOR_DB ?? ':memory:');
const stripe = new Stripe('sk_test_floor_server_only');

function answer(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  // The same body limit as the shop's webhook route, so the floor does the same work.
  readChunksWithLimit(request, request.headers['content-length'], MAX_WEBHOOK_BODY_BYTES)
    .then(async (body) => {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(body, String(request.headers['stripe-signature'] ?? ''), secret);
      } catch {
        return answer(response, 400, '{"error":"Invalid signature"}');
      }
      const now = new Date();
      const outcome = await store.applyEvent(toEventRecord(event, now), null, now.toISOString());
      answer(response, 200, JSON.stringify({ received: true, duplicate: outcome === 'duplicate' }));
    })
    .catch((error: unknown) => (error instanceof BodyTooLargeError ? answer(response, 413, '{"error":"Payload too large"}') : answer(response, 500, '{"error":"failed"}')));
});

server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
