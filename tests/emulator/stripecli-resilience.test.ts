// At-least-once through the real Stripe CLI: reconnects and a killed CLI lose no event.
import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { removeDir, sdk, startEmulator, tempDir } from './helpers';
import { cliTarget, startListen, startVerifyingReceiver, until, type CliProcess, type VerifyingReceiver } from './stripecli-harness';

const EVENTS = ['product.created'];

let emulator: RunningStripeEmulator | undefined;
let receiver: VerifyingReceiver | undefined;
const clis: CliProcess[] = [];

afterEach(async () => {
  for (const cli of clis.splice(0)) await cli.stop();
  await receiver?.close();
  await emulator?.close();
});

async function setup(reconnectDelaySeconds?: number): Promise<{ stripe: Stripe; listen: () => Promise<CliProcess>; receiver: VerifyingReceiver }> {
  emulator = await startEmulator(reconnectDelaySeconds ? { stripeCliReconnectDelaySeconds: reconnectDelaySeconds } : {});
  const secret = emulator.stripeCli.secret;
  const r = await startVerifyingReceiver(() => secret);
  receiver = r;
  // One config directory: a restarted CLI is the same device, as on a developer's machine.
  const target = cliTarget(emulator);
  const listen = async (): Promise<CliProcess> => {
    const cli = await startListen(target, r.url, EVENTS);
    clis.push(cli);
    return cli;
  };
  return { stripe: sdk(emulator), listen, receiver: r };
}

const productIds = (r: VerifyingReceiver): Set<string> => new Set(r.applied.map((e) => (e.data.object as Stripe.Product).id));

async function expectAllDelivered(stripe: Stripe, r: VerifyingReceiver, created: string[]): Promise<void> {
  await until(`all ${created.length} events at the receiver`, () => created.every((id) => productIds(r).has(id)));
  expect(r.rejected).toBe(0);
  // Deduped by event id, each applied once; every copy passed constructEvent.
  expect(r.applied.length).toBe(new Set(r.applied.map((e) => e.id)).size);
  for (const count of r.deliveries.values()) expect(count).toBeGreaterThanOrEqual(1);
  // Every delivery was answered 2xx through the CLI: none left pending or undelivered.
  await until('every event settled', async () => {
    const undelivered = await stripe.events.list({ delivery_success: false, type: 'product.created', limit: 100 });
    return undelivered.data.length === 0;
  });
}

describe('stripe listen resilience', () => {
  it('loses no event while the CLI reconnects every reconnect_delay', async () => {
    const { stripe, listen, receiver: r } = await setup(1);
    await listen();
    const status = (): ReturnType<RunningStripeEmulator['stripeCli']['status']> => (emulator as RunningStripeEmulator).stripeCli.status();
    const firstSocket = status().acceptedSockets;
    const created: string[] = [];
    // Keep events flowing until the CLI has redialled at least twice.
    while (status().acceptedSockets < firstSocket + 2) {
      created.push((await stripe.products.create({ name: `Reconnect ${created.length}` })).id);
      // A bounded number in flight, so a busy machine is not flooded.
      await until('the receiver to keep up', () => productIds(r).size >= created.length - 10);
    }
    expect(created.length).toBeGreaterThan(0);
    await expectAllDelivered(stripe, r, created);
  }, 120_000);

  it('loses no event when Local Stripe drops the connection mid-stream', async () => {
    const { stripe, listen, receiver: r } = await setup();
    await listen();
    const before = (emulator as RunningStripeEmulator).stripeCli.status().acceptedSockets;
    const first = Array.from({ length: 10 }, (_, i) => stripe.products.create({ name: `Drop ${i}` }));
    (emulator as RunningStripeEmulator).stripeCli.dropConnections();
    const second = Array.from({ length: 10 }, (_, i) => stripe.products.create({ name: `Drop later ${i}` }));
    const created = (await Promise.all([...first, ...second])).map((p) => p.id);
    await expectAllDelivered(stripe, r, created);
    expect((emulator as RunningStripeEmulator).stripeCli.status().acceptedSockets).toBeGreaterThan(before);
  }, 120_000);

  it('redelivers to a restarted CLI what the killed one never got, applying none twice', async () => {
    const { stripe, listen, receiver: r } = await setup();
    const first = await listen();
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await stripe.products.create({ name: `Before ${i}` })).id);
    await until('the first events', () => created.every((id) => productIds(r).has(id)));

    // Killed mid-stream: events are being created as it dies, and more while it is gone.
    const midStream = Array.from({ length: 10 }, (_, i) => stripe.products.create({ name: `Mid-stream ${i}` }));
    first.child.kill('SIGKILL');
    await first.exited;
    created.push(...(await Promise.all(midStream)).map((p) => p.id));
    await until('Local Stripe to notice the CLI is gone', () => (emulator as RunningStripeEmulator).stripeCli.status().connected === 0);
    for (let i = 0; i < 10; i++) created.push((await stripe.products.create({ name: `While down ${i}` })).id);
    expect((emulator as RunningStripeEmulator).stripeCli.status().queued).toBeGreaterThanOrEqual(10);
    const missingBeforeRestart = created.filter((id) => !productIds(r).has(id));
    expect(missingBeforeRestart.length).toBeGreaterThanOrEqual(10);

    await listen();
    await expectAllDelivered(stripe, r, created);
    expect((emulator as RunningStripeEmulator).stripeCli.status().queued).toBe(0);
  }, 120_000);

  it('a restarted Local Stripe: the CLI takes a new session and the same secret still verifies', async () => {
    const dataDir = tempDir();
    try {
      const first = await startEmulator({ dataDir });
      emulator = first;
      const r = await startVerifyingReceiver(() => first.stripeCli.secret);
      receiver = r;
      const cli = await startListen(cliTarget(first), r.url, EVENTS);
      clis.push(cli);
      await first.close();
      // Same port and data dir: the CLI redials, is told its websocket id is unknown, and re-authorises.
      emulator = await startEmulator({ dataDir, port: first.port });
      expect(emulator.stripeCli.secret).toBe(first.stripeCli.secret);
      await cli.waitForOutput(/Ready![\s\S]*Ready!/);
      const product = await sdk(emulator).products.create({ name: 'After the restart' });
      await until('the event from the new Local Stripe', () => productIds(r).has(product.id));
      expect(r.rejected).toBe(0);
    } finally {
      await emulator?.close();
      emulator = undefined;
      removeDir(dataDir);
    }
  }, 120_000);
});
