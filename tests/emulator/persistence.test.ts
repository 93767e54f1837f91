import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { Persistence, readStateFiles } from '@/emulators/stripe/state/persistence';
import { trackState, collectionsOf } from '@/emulators/stripe/state/tracked-state';
import type { State } from '@/emulators/stripe/state/types';
import { cardForm, postForm, removeDir, sdk, seededPrice, startEmulator, startReceiver, tempDir } from './helpers';

/**
 * Durability guarantee under test: after a process crash, every change acknowledged more than the
 * debounce window (50 ms + one small append) before the crash is on disk; close() persists everything.
 */

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dir(): string {
  const d = tempDir();
  cleanups.push(() => removeDir(d));
  return d;
}

/** Plain JSON copy plus each collection's key order (list order depends on it). */
function image(state: State): { json: unknown; order: Record<string, string[]> } {
  const order: Record<string, string[]> = {};
  for (const c of collectionsOf(state)) order[c] = Object.keys(state[c]);
  return { json: JSON.parse(JSON.stringify(state)) as unknown, order };
}

function open(d: string, options: ConstructorParameters<typeof Persistence>[2] = {}): { persistence: Persistence; state: State; raw: State } {
  let state: State | null = null;
  const persistence = new Persistence(d, () => {
    if (!state) throw new Error('not loaded');
    return state;
  }, options);
  const raw = persistence.load();
  state = trackState(raw, (c, id) => persistence.changed(c, id));
  return { persistence, state, raw };
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('Persistence (snapshot + journal)', () => {
  it('reproduces identical state after many writes, deletes and background compactions, without close()', async () => {
    const d = dir();
    // A tiny compaction threshold forces many fuzzy background compactions while appends continue.
    const { persistence, state, raw } = open(d, { debounceMs: 2, compactMinBytes: 16 * 1024, sliceMs: 0 });
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids: string[] = [];
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 50; i++) {
        const r = random();
        if (r < 0.6 || ids.length === 0) {
          const id = `evt_${round}_${i}`;
          ids.push(id);
          state.events[id] = { id, created: round, type: 'charge.succeeded', data: { object: { pad: 'x'.repeat(200) } } } as unknown as Stripe.Event;
        } else if (r < 0.8) {
          const id = ids[Math.floor(random() * ids.length)] ?? '';
          const e = state.events[id];
          if (e) state.events[id] = { ...e, pending_webhooks: round };
        } else {
          delete state.events[ids.splice(Math.floor(random() * ids.length), 1)[0] ?? ''];
        }
        state.deliveries[`whdel_${i}`] = { id: `whdel_${i}`, eventId: 'evt', endpointId: 'we', attempts: round, nextAttemptAt: round };
      }
      await pause(round % 4);
    }
    await persistence.whenIdle();
    const files = readStateFiles(d);
    expect(files.snapshotGen).toBeGreaterThan(2); // it did compact in the background
    expect(image(files.state)).toEqual(image(raw));
    // "Crash": the instance is dropped without close(); a new one loads the same state.
    expect(image(open(d).raw)).toEqual(image(raw));
  });

  it('ignores a torn last journal line and folds the journal into state.json at load', async () => {
    const d = dir();
    const first = open(d, { debounceMs: 1 });
    first.state.products['prod_a'] = { id: 'prod_a', name: 'A' } as Stripe.Product;
    first.state.products['prod_b'] = { id: 'prod_b', name: 'B' } as Stripe.Product;
    await first.persistence.whenIdle();
    const journal = readdirSync(d).find((f) => f.startsWith('journal-'));
    expect(journal).toBeDefined();
    appendFileSync(join(d, journal ?? ''), '{"c":"products","id":"prod_torn","v":{"id":"prod_t');

    const second = open(d);
    expect(Object.keys(second.raw.products)).toEqual(['prod_a', 'prod_b']);
    expect(readdirSync(d).filter((f) => f.startsWith('journal-'))).toEqual([]);
    second.state.products['prod_c'] = { id: 'prod_c', name: 'C' } as Stripe.Product;
    await second.persistence.close();
    expect(Object.keys(readStateFiles(d).state.products)).toEqual(['prod_a', 'prod_b', 'prod_c']);
  });

  it('writes nothing before the debounce and everything once idle; close() leaves only state.json', async () => {
    const d = dir();
    const { persistence, state } = open(d, { debounceMs: 200 });
    state.products['prod_a'] = { id: 'prod_a' } as Stripe.Product;
    expect(readStateFiles(d).state.products).toEqual({}); // inside the window: not yet on disk
    await persistence.whenIdle();
    expect(Object.keys(readStateFiles(d).state.products)).toEqual(['prod_a']);
    delete state.products['prod_a'];
    await persistence.close();
    expect(readdirSync(d)).toEqual(['state.json']);
    expect(readStateFiles(d).state.products).toEqual({});
  });
});

describe('Local Stripe crash safety', () => {
  it('a crash image taken after the debounce window equals the state close() writes, pending work included', async () => {
    const d = dir();
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    receiver.statuses.push(...Array<number>(500).fill(500)); // every first attempt fails: deliveries stay pending
    const emulator = await startEmulator({
      dataDir: d, retryScale: 1, asyncPaymentDelayMs: 3_600_000, webhookEndpoint: { url: receiver.url, secret: 'whsec_persistence' },
    });
    const stripe = sdk(emulator);
    const price = await seededPrice(stripe, 'prod_grazing_board');
    const sessions: Stripe.Checkout.Session[] = [];
    for (let i = 0; i < 12; i++) {
      sessions.push(await stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'http://shop.test/ok' }));
    }
    for (const s of sessions.slice(0, 4)) expect((await postForm(`${emulator.url}/c/pay/${s.id}`, cardForm('4242424242424242'))).status).toBe(303);
    const bank = { paymentMethod: 'sepa_debit', email: 'j@example.com', iban: 'DE89370400440532013000', accountHolderName: 'J R' };
    for (const s of sessions.slice(4, 6)) expect((await postForm(`${emulator.url}/c/pay/${s.id}`, bank)).status).toBe(303);
    const paid = await stripe.checkout.sessions.retrieve(sessions[0]?.id ?? '');
    await stripe.refunds.create({ payment_intent: String(paid.payment_intent), amount: 100 });
    // Let every first delivery attempt fail (edits deliveries in place), then wait out the window.
    const sent = await stripe.events.list({ limit: 100 });
    await receiver.waitFor((events) => events.length >= sent.data.length);
    await pause(300);

    const crashDir = dir();
    cpSync(d, crashDir, { recursive: true });
    await emulator.close();
    const crashed = readStateFiles(crashDir);
    expect(crashed.replayed.length).toBeGreaterThan(0); // the image really needs the journal
    expect(image(crashed.state)).toEqual(image(readStateFiles(d).state));
    expect(Object.values(crashed.state.deliveries).every((x) => x.attempts === 1)).toBe(true);
    expect(Object.keys(crashed.state.settlements)).toHaveLength(2);

    const restarted = await startEmulator({ dataDir: crashDir, asyncPaymentDelayMs: 3_600_000 });
    cleanups.push(() => restarted.close());
    const stats = (await (await fetch(`${restarted.url}/_emulator/stats`)).json()) as { pendingDeliveries: number; pendingSettlements: number };
    expect(stats.pendingSettlements).toBe(2);
    expect(stats.pendingDeliveries).toBe(Object.keys(crashed.state.deliveries).length);
    expect(stats.pendingDeliveries).toBeGreaterThan(0);
    const again = sdk(restarted);
    for (const s of sessions) expect((await again.checkout.sessions.retrieve(s.id)).id).toBe(s.id);
    expect((await again.checkout.sessions.list({ payment_intent: String(paid.payment_intent) })).data.map((s) => s.id)).toEqual([paid.id]);
  });
});
