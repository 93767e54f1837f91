// CliDeliveries and the log filters on their own: fake connections, host and timers, no CLI.
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import type { CliConnection, Timers } from '@/emulators/stripe/stripecli/connection';
import { CliDeliveries } from '@/emulators/stripe/stripecli/deliveries';
import type { CliDeliveryOutcome, StripeCliHost } from '@/emulators/stripe/stripecli/host';
import type { ServerFrame, WebhookEventFrame } from '@/emulators/stripe/stripecli/protocol';
import { matchesFilters, parseLogFilters } from '@/emulators/stripe/stripecli/request-logs';
import { RETRY_DELAYS_SECONDS } from '@/emulators/stripe/webhooks/schedule';

/** The first retry of a failed delivery, on Local Stripe's (test-mode) schedule, at retry scale 1. */
const FIRST_RETRY_MS = RETRY_DELAYS_SECONDS[0]! * 1000;

const SECRET = 'whsec_unit_test_secret_0123456789';
const VERSION = '2026-10-28.endive';

function fakeEvent(id: string): Stripe.Event {
  return { id, object: 'event', type: 'product.created', data: { object: { id: `prod_${id}` } }, pending_webhooks: 0 } as unknown as Stripe.Event;
}

function harness() {
  const events = new Map<string, Stripe.Event>();
  const outcomes = new Map<string, CliDeliveryOutcome>();
  const host: StripeCliHost = {
    event: (id) => events.get(id),
    recordOutcome: (eventId, target, outcome) => outcomes.set(`${eventId}|${target}`, outcome),
    retryScale: 1,
    log: () => undefined,
  };
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  const fakeTimers: Timers = {
    set: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clear: (t) => {
      (t as { cleared: boolean }).cleared = true;
    },
  };
  const deliveries = new CliDeliveries({ host, secret: SECRET, apiVersion: VERSION, timers: fakeTimers });
  const create = (id: string): void => {
    events.set(id, fakeEvent(id));
    deliveries.eventCreated(fakeEvent(id));
  };
  const outcomeOf = (eventId: string): CliDeliveryOutcome | undefined =>
    [...outcomes].find(([key]) => key.startsWith(`${eventId}|`))?.[1];
  return { deliveries, create, outcomeOf, timers, events };
}

function connection(sessionId: string): CliConnection & { frames: WebhookEventFrame[] } {
  const frames: WebhookEventFrame[] = [];
  return { sessionId, frames, send: (f: ServerFrame) => void (f.type === 'webhook_event' && frames.push(f)) };
}

/** Deliveries are sent after the emitting request's synchronous work: let the event loop turn once. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A listener connected as session s1, then the given events created and sent. */
async function listening(eventIds: string[]) {
  const h = harness();
  const c = connection('s1');
  h.deliveries.connect('k', c);
  for (const id of eventIds) h.create(id);
  await turn();
  return { ...h, c };
}

function firstFrame(c: { frames: WebhookEventFrame[] }): WebhookEventFrame {
  const [frame] = c.frames;
  if (!frame) throw new Error('no frame sent');
  return frame;
}

const ack = (d: CliDeliveries, c: CliConnection, f: WebhookEventFrame): void =>
  d.handle(c, { type: 'event_ack', event_id: 'x', webhook_id: f.webhook_id, webhook_conversation_id: f.webhook_conversation_id });
const respond = (d: CliDeliveries, c: CliConnection, f: WebhookEventFrame, status: number): void =>
  d.handle(c, { type: 'webhook_response', webhook_id: f.webhook_id, webhook_conversation_id: f.webhook_conversation_id, status });

describe('CliDeliveries', () => {
  it('queues nothing before any CLI has connected', async () => {
    const h = harness();
    h.create('evt_1');
    await turn();
    expect(h.outcomeOf('evt_1')).toBeUndefined();
    expect(h.deliveries.status().queued).toBe(0);
  });

  it('sends each event twice (default and --latest), signed with the session secret at send time', async () => {
    const { c, ...h } = await listening(['evt_1']);
    expect(h.outcomeOf('evt_1')).toBe('pending');
    expect(c.frames.map((f) => f.endpoint.api_version)).toEqual([null, VERSION]);
    for (const f of c.frames) {
      const verified = Stripe.webhooks.constructEvent(f.event_payload, f.http_headers['Stripe-Signature'] ?? '', SECRET);
      expect(verified.id).toBe('evt_1');
      expect(f.http_headers['Content-Type']).toMatch(/^application\/json/);
    }
  });

  it('resends on reconnect only what was not acknowledged, and settles on a 2xx response', async () => {
    const { c: c1, ...h } = await listening(['evt_1', 'evt_2']);
    const [e1Default, e1Latest] = c1.frames;
    if (!e1Default || !e1Latest) throw new Error('frames missing');
    ack(h.deliveries, c1, e1Default);
    ack(h.deliveries, c1, e1Latest);
    expect(h.outcomeOf('evt_1')).toBe('succeeded'); // the CLI has it; its response decides
    h.deliveries.disconnect(c1);
    const c2 = connection('s1');
    h.deliveries.connect('k', c2);
    expect(c2.frames.map((f) => JSON.parse(f.event_payload).id)).toEqual(['evt_2', 'evt_2']);
    // Late answers from the old connection still count.
    respond(h.deliveries, c1, e1Default, 200);
    expect(h.outcomeOf('evt_1')).toBe('succeeded');
    expect(h.outcomeOf('evt_2')).toBe('pending');
    expect(h.deliveries.status().queued).toBe(1);
  });

  it("retries a non-2xx response on Stripe's schedule with new frames", async () => {
    const { c, ...h } = await listening(['evt_1']);
    const first = firstFrame(c);
    ack(h.deliveries, c, first);
    respond(h.deliveries, c, first, 500);
    expect(h.outcomeOf('evt_1')).toBe('pending');
    const retry = h.timers.find((t) => !t.cleared && t.ms === FIRST_RETRY_MS);
    expect(retry).toBeDefined();
    c.frames.length = 0;
    retry?.fn();
    expect(c.frames).toHaveLength(2);
    expect(c.frames[0]?.webhook_id).not.toBe(first.webhook_id);
    // An answer to the superseded attempt changes nothing.
    respond(h.deliveries, c, first, 200);
    expect(h.outcomeOf('evt_1')).toBe('pending');
    respond(h.deliveries, c, firstFrame(c), 204);
    expect(h.outcomeOf('evt_1')).toBe('succeeded');
  });

  it('gives a restarted CLI what the last one acknowledged but never answered, once', async () => {
    const h = harness();
    const a = connection('process-a');
    h.deliveries.connect('k', a);
    h.create('evt_1');
    await turn();
    for (const f of a.frames) ack(h.deliveries, a, f);
    h.deliveries.disconnect(a);
    const b = connection('process-b');
    h.deliveries.connect('k', b);
    expect(b.frames).toHaveLength(2);
    for (const f of b.frames) ack(h.deliveries, b, f);
    h.deliveries.disconnect(b);
    const c = connection('process-c');
    h.deliveries.connect('k', c);
    expect(c.frames).toHaveLength(0);
  });

  it('feeds two CLIs listening at once with the same device and URL, each keeping its own queue', async () => {
    const { c: a, ...h } = await listening([]);
    const b = connection('s2');
    h.deliveries.connect('k', b);
    h.create('evt_1');
    await turn();
    expect(a.frames).toHaveLength(2);
    expect(b.frames).toHaveLength(2);
    // s1 goes away; s2 reconnecting stays on its own listener and does not inherit s1's queue.
    h.deliveries.disconnect(a);
    h.deliveries.disconnect(b);
    const b2 = connection('s2');
    h.deliveries.connect('k', b2);
    expect(b2.frames).toHaveLength(2);
    expect(h.deliveries.status()).toMatchObject({ listeners: 2, connected: 1 });
  });

  it('keeps queuing for a CLI that went away, and fails what it never took when it does not return', async () => {
    const h = harness();
    const c = connection('s1');
    h.deliveries.connect('k', c);
    h.deliveries.disconnect(c);
    h.create('evt_1');
    await turn();
    expect(h.outcomeOf('evt_1')).toBe('pending');
    expect(h.deliveries.status()).toMatchObject({ listeners: 1, connected: 0, queued: 1 });
    const idle = h.timers.find((t) => !t.cleared);
    idle?.fn();
    expect(h.outcomeOf('evt_1')).toBe('failed');
    expect(h.deliveries.status().listeners).toBe(0);
  });

  it('retries an acknowledged event the CLI never answered, once the listener is known to forward its type', async () => {
    const { c, ...h } = await listening(['evt_1', 'evt_2']);
    const [e1, , e2] = c.frames;
    if (!e1 || !e2) throw new Error('frames missing');
    ack(h.deliveries, c, e1);
    respond(h.deliveries, c, e1, 200);
    ack(h.deliveries, c, e2);
    expect(h.outcomeOf('evt_2')).toBe('succeeded'); // provisionally: the CLI has it
    const overdue = h.timers.filter((t) => !t.cleared && t.ms === 40_000);
    expect(overdue).toHaveLength(1);
    overdue[0]?.fn();
    expect(h.outcomeOf('evt_2')).toBe('pending');
    expect(h.deliveries.attempts('evt_2')).toEqual([expect.objectContaining({ status: 0 })]);
    c.frames.length = 0;
    h.timers.find((t) => !t.cleared && t.ms === FIRST_RETRY_MS)?.fn();
    expect(c.frames.map((f) => JSON.parse(f.event_payload).id)).toEqual(['evt_2', 'evt_2']);
  });

  it('leaves an unanswered event of a type never answered alone, until one of its type is answered', async () => {
    const { c, ...h } = await listening(['evt_1']);
    const first = firstFrame(c);
    ack(h.deliveries, c, first);
    h.timers.find((t) => !t.cleared && t.ms === 40_000)?.fn();
    // Maybe a type `--events` filters out: nothing is retried yet.
    expect(h.outcomeOf('evt_1')).toBe('succeeded');
    expect(h.timers.some((t) => !t.cleared && t.ms === FIRST_RETRY_MS)).toBe(false);
    c.frames.length = 0;
    h.create('evt_2');
    await turn();
    const second = firstFrame(c);
    ack(h.deliveries, c, second);
    respond(h.deliveries, c, second, 200);
    // evt_1's type is forwarded after all: its silence was a failed forward.
    expect(h.outcomeOf('evt_1')).toBe('pending');
    expect(h.timers.some((t) => !t.cleared && t.ms === FIRST_RETRY_MS)).toBe(true);
  });

  it('resends a fresh copy to every listener without counting it as pending', async () => {
    const { c, ...h } = await listening([]);
    h.events.set('evt_old', fakeEvent('evt_old'));
    expect(h.deliveries.resend(fakeEvent('evt_old'))).toBe(1);
    expect(h.outcomeOf('evt_old')).toBeUndefined();
    await turn();
    expect(c.frames).toHaveLength(2);
  });
});

describe('logs tail filters', () => {
  const record = { method: 'GET', path: '/v1/prices/price_x', status: 404, requestId: 'req_1', responseBody: '{}' };
  it.each([
    ['{}', true],
    ['{"filter_http_method":["GET"]}', true],
    ['{"filter_http_method":["POST"]}', false],
    ['{"filter_status_code_type":["400"]}', true],
    ['{"filter_status_code_type":["200"]}', false],
    ['{"filter_status_code":["404"]}', true],
    ['{"filter_request_status":["FAILED"]}', true],
    ['{"filter_request_status":["SUCCEEDED"]}', false],
    ['{"filter_request_path":["/v1/prices/price_x"]}', true],
    ['{"filter_request_path":["/v1/products"]}', false],
  ])('%s matches a failed GET: %s', (raw, expected) => {
    const filters = parseLogFilters(raw);
    expect(filters).not.toBeNull();
    expect(matchesFilters(filters ?? {}, record)).toBe(expected);
  });

  it('refuses filters that are not the JSON the CLI sends', () => {
    expect(parseLogFilters('not json')).toBeNull();
    expect(parseLogFilters('{"filter_http_method":"GET"}')).toBeNull();
  });
});
