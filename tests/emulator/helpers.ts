import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type RunningStripeEmulator, type StripeEmulatorOptions } from '@/emulators/stripe';

export const API_KEY = 'sk_test_emulator_suite_key';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'local-stripe-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startEmulator(options: StripeEmulatorOptions = {}): Promise<RunningStripeEmulator> {
  return startStripeEmulator({ port: 0, retryScale: 0.0005, ...options });
}

export function sdk(emulator: RunningStripeEmulator): Stripe {
  return new Stripe(API_KEY, { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
  headers: IncomingMessage['headers'];
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer for the next requests (shifted per request; default 200 when empty). */
  statuses: number[];
  close(): Promise<void>;
  events(): Stripe.Event[];
  waitFor(predicate: (events: Stripe.Event[]) => boolean, timeoutMs?: number): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      received.push({ body, signature: String(req.headers['stripe-signature'] ?? ''), headers: req.headers });
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const events = (): Stripe.Event[] => received.map((r) => JSON.parse(r.body) as Stripe.Event);
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    statuses,
    events,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    waitFor: async (predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(events())) {
        if (Date.now() > deadline) throw new Error(`Timed out; received: ${events().map((e) => e.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Minimal form POST helper for the hosted checkout page (no redirects followed). */
export async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

export function futureExpiry(): string {
  const y = (new Date().getUTCFullYear() + 2) % 100;
  return `12 / ${String(y).padStart(2, '0')}`;
}

export function cardForm(number: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    email: 'jenny@example.com',
    cardNumber: number,
    expiry: futureExpiry(),
    cvc: '123',
    cardholderName: 'Jenny Rosen',
    ...extra,
  };
}

export async function seededPrice(stripe: Stripe, productId: string): Promise<Stripe.Price> {
  const prices = await stripe.prices.list({ product: productId, active: true });
  const price = prices.data[0];
  if (!price) throw new Error(`no price for ${productId}`);
  return price;
}
