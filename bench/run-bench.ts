import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Stripe from 'stripe';
import { startCognitoLocal, type RunningCognitoLocal } from '../emulators/cognito/start-cognito-local';
import { startOutageProxy } from './outage-proxy';
import { startBenchStack } from './bench-stack';
import { runStorm } from './followup-storms';
import { checkoutRequests } from './checkout-requests';
import { firstLoadJs, type FirstLoadJs } from './first-load-js';
import { runLoad, type LoadResult } from './load';
import { writeReport, type BenchResults, type Correctness } from './report';
import { listeningPid, loadAverage } from './process-cpu';
import { ratio, summarize } from './stats';
import { combine, measured, slices, waitForQuietQueue, type Measured } from './webhook-rounds';
import { completedEvent, deliveryStream, inOrder, openSessions, signDeliveries, type Delivery } from './webhook-deliveries';

// Ports and data apart from dev (3000/12111/9229) and the end-to-end tests (3100/12112); BENCH_*_PORT moves them.
const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SHOP_PORT = port('BENCH_SHOP_PORT', 3200);
const STRIPE_PORT = port('BENCH_STRIPE_PORT', 12113);
const FLOOR_PORT = port('BENCH_FLOOR_PORT', 3201);
const COGNITO_PORT = port('BENCH_COGNITO_PORT', 9231);
/** The shop reaches cognito-local through this proxy, which the fault run cuts (bench/outage-proxy.ts). */
const COGNITO_PROXY_PORT = port('BENCH_COGNITO_PROXY_PORT', 9232);
const COGNITO_DIR = path.resolve('.data/bench-cognito');
const STORM_BUYERS = 1000;
const FAULT_RATE = 50;
const COGNITO_DOWN_SECONDS = 30;
const CHECKOUT_LIMIT = 1_000_000;
const DAILY_CAPACITY = 1_000_000;
const DATA_DIR = path.resolve('.data/bench');
const WEBHOOK_SECRET = `whsec_bench_${randomBytes(16).toString('hex')}`;
const FIXED_RATE = 200;
const FIXED_SECONDS = 9;
/** The webhook and floor (a) alternate this many times (webhook-rounds.ts). */
const ROUNDS = 3;
const SATURATION_DELIVERIES = 3000;
const FLOOR_SECONDS = 6;
const PAGE_SECONDS = 6;
const CONNECTIONS = 50;
const DUPLICATE_SHARE = 0.2;
const STEPS = 7;

const shop = `http://127.0.0.1:${SHOP_PORT}`;
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (n: number, text: string) => say(`\n[${n}/${STEPS}] ${text}`);

function build(): void {
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? 'signal'})`);
}

async function stripeApiRequests(): Promise<number> {
  const stats = (await (await fetch(`http://127.0.0.1:${STRIPE_PORT}/_emulator/stats`)).json()) as { apiRequests: number };
  return stats.apiRequests;
}

/** Deliveries with fresh event ids made on the fly: for the floors, which do no per-session work. */
function syntheticDeliveries(stripe: Stripe, template: Stripe.Checkout.Session): () => { body: string; headers: Record<string, string> } {
  const runTag = randomBytes(4).toString('hex');
  const body = JSON.stringify(completedEvent(template, '__EVENT_ID__', Math.floor(Date.now() / 1000)));
  let next = 0;
  return () => {
    const payload = body.replace('__EVENT_ID__', `evt_floor_${runTag}_${next++}`);
    const signature = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    return { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
  };
}

/** Effects = unique sessions: one order per session and one processed row per event, read from SQLite. */
function checkCorrectness(stream: readonly Delivery[]): Correctness {
  const db = new Database(path.join(DATA_DIR, 'orders.sqlite'), { readonly: true });
  try {
    const sessions = [...new Set(stream.map((delivery) => delivery.sessionId))];
    const events = [...new Set(stream.map((delivery) => delivery.eventId))];
    const countIn = (sql: string, ids: string[]) => ids.reduce((sum, id) => sum + ((db.prepare(sql).get(id) as { n: number }).n), 0);
    return {
      deliveries: stream.length,
      uniqueSessions: sessions.length,
      orders: countIn('SELECT COUNT(*) AS n FROM orders WHERE id = ?', sessions),
      processedEvents: countIn("SELECT COUNT(*) AS n FROM stripe_events WHERE id = ? AND status = 'processed'", events),
    };
  } finally {
    db.close();
  }
}

function startFloorServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'floor-server.ts')], {
    env: { ...process.env, FLOOR_PORT: String(FLOOR_PORT), FLOOR_DB: path.join(DATA_DIR, 'floor.sqlite'), STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`floor server exited (${code ?? 'signal'})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });
}

function deliveryDate(): string {
  return new Date(Date.now() + 4 * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The two Stripe calls POST /api/checkout makes, timed from here: Local Stripe's own share. */
async function stripeCheckoutCalls(stripe: Stripe, priceId: string, seconds: number, concurrency: number): Promise<LoadResult> {
  const samples: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      // What createCheckout asks Stripe: the cart's price (with its product), then the session.
      await stripe.prices.retrieve(priceId, { expand: ['product'] });
      await stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: priceId, quantity: 1 }],
        success_url: `${shop}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${shop}/checkout/canceled`,
        shipping_address_collection: { allowed_countries: ['US'] },
        metadata: { delivery_date: deliveryDate() },
      });
      samples.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ...summarize(samples), requestsPerSecond: samples.length / seconds, requests: samples.length, errors: 0, seconds, samples };
}

export async function runBench(): Promise<void> {
  const startedAt = Date.now();
  step(1, `next build, then Local Stripe + next start on :${SHOP_PORT} (fresh .data/bench)…`);
  build();
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.rmSync(COGNITO_DIR, { recursive: true, force: true });
  // The bench runs cognito-local itself, behind a proxy the fault run cuts: the shop loses Cognito, Cognito keeps its users.
  const cognito: RunningCognitoLocal = await startCognitoLocal({ dataDir: COGNITO_DIR, port: COGNITO_PORT });
  const cognitoProxy = await startOutageProxy(COGNITO_PORT, COGNITO_PROXY_PORT);
  const pool = { userPoolId: cognito.userPoolId, clientId: cognito.clientId, endpoint: cognitoProxy.url };
  const stack = await startBenchStack({
    cognito: pool,
    dataDir: DATA_DIR,
    shopPort: SHOP_PORT,
    stripePort: STRIPE_PORT,
    cognitoPort: COGNITO_PORT,
    webhookSecret: WEBHOOK_SECRET,
    // The checkout measurement is of the route's work, not of the per-client limiter (default 10/min).
    // Likewise not of the kitchen's daily capacity (checkoutRequests spreads dates too).
    extraEnv: { CHECKOUT_RATE_LIMIT_PER_MINUTE: String(CHECKOUT_LIMIT), DAILY_CAPACITY_SERVINGS: String(DAILY_CAPACITY) },
  });
  let floor: ChildProcess | undefined;
  try {
    const stripe = new Stripe('sk_test_bench_key', { host: '127.0.0.1', port: STRIPE_PORT, protocol: 'http' });
    const price = (await stripe.prices.list({ active: true, limit: 1 })).data[0];
    if (!price) throw new Error('Local Stripe has no price');

    step(2, `webhook at ${FIXED_RATE} events/s and at saturation (${CONNECTIONS} connections, ${DUPLICATE_SHARE * 100}% duplicates), in ${ROUNDS} rounds alternating with floor (a), Next verify-only…`);
    const fixedUnique = Math.round(FIXED_RATE * FIXED_SECONDS * (1 - DUPLICATE_SHARE));
    const satUnique = Math.round(SATURATION_DELIVERIES * (1 - DUPLICATE_SHARE));
    say(`      opening ${fixedUnique + satUnique + 2 * STORM_BUYERS} Checkout Sessions in Local Stripe…`);
    const openStarted = Date.now();
    const [warmupSession, ...sessions] = await openSessions(stripe, price.id, 1 + fixedUnique + satUnique + 2 * STORM_BUYERS);
    say(`      opened in ${((Date.now() - openStarted) / 1000).toFixed(1)} s`);
    if (!warmupSession) throw new Error('no session opened');
    const fixedStream = deliveryStream(sessions.slice(0, fixedUnique), DUPLICATE_SHARE, 'fixed');
    const satStream = deliveryStream(sessions.slice(fixedUnique, fixedUnique + satUnique), DUPLICATE_SHARE, 'saturation');
    const webhookUrl = `${shop}/api/webhooks/stripe`;
    const floorUrl = `${shop}/bench/verify-only`;
    // Warm-up: JIT, route bundles and SQLite statements, on a session outside the measured streams.
    await runLoad({ url: webhookUrl, connections: 4, amount: 300, method: 'POST', nextRequest: syntheticDeliveries(stripe, warmupSession) });
    await runLoad({ url: floorUrl, connections: 4, amount: 300, method: 'POST', nextRequest: syntheticDeliveries(stripe, warmupSession) });
    const serverPid = listeningPid(SHOP_PORT);
    const loadAtStart = loadAverage();
    const fixedSigned = slices(signDeliveries(stripe, fixedStream, WEBHOOK_SECRET), ROUNDS);
    const satSigned = slices(signDeliveries(stripe, satStream, WEBHOOK_SECRET), ROUNDS);
    const parts = { fixed: [] as Measured[], floorFixed: [] as Measured[], saturation: [] as Measured[], floorSaturation: [] as Measured[] };
    // Each measurement starts with an empty follow-up queue (the webhook's own follow-ups run during its rounds).
    const round = async (into: Measured[], run: () => Promise<LoadResult>) => {
      await waitForQuietQueue(DATA_DIR);
      into.push(await measured(serverPid, run));
    };
    for (let index = 0; index < ROUNDS; index++) {
      const fixedPart = fixedSigned[index] ?? [];
      const satPart = satSigned[index] ?? [];
      say(`      round ${index + 1}/${ROUNDS}: webhook and floor (a) at ${FIXED_RATE}/s, then both at saturation…`);
      await round(parts.fixed, () => runLoad({ url: webhookUrl, connections: CONNECTIONS, ratePerSecond: FIXED_RATE, amount: fixedPart.length, method: 'POST', nextRequest: inOrder(fixedPart) }));
      await round(parts.floorFixed, () => runLoad({ url: floorUrl, connections: CONNECTIONS, ratePerSecond: FIXED_RATE, amount: fixedPart.length, method: 'POST', nextRequest: syntheticDeliveries(stripe, warmupSession) }));
      await round(parts.saturation, () => runLoad({ url: webhookUrl, connections: CONNECTIONS, amount: satPart.length, method: 'POST', nextRequest: inOrder(satPart) }));
      await round(parts.floorSaturation, () => runLoad({ url: floorUrl, connections: CONNECTIONS, amount: satPart.length, method: 'POST', nextRequest: syntheticDeliveries(stripe, warmupSession) }));
    }
    await waitForQuietQueue(DATA_DIR);
    const fixedCorrectness = checkCorrectness(fixedStream);
    const saturationCorrectness = checkCorrectness(satStream);
    const fixed = combine(parts.fixed);
    const floorNextFixed = combine(parts.floorFixed);
    const saturation = combine(parts.saturation);
    const floorNext = combine(parts.floorSaturation);
    const roundRatios = parts.saturation.map((part, index) => ratio(part.load.requestsPerSecond, parts.floorSaturation[index]?.load.requestsPerSecond ?? 0));
    const loadAtEnd = loadAverage();
    const template = warmupSession;

    step(3, `floor (b): node:http + SQLite, at saturation…`);
    floor = await startFloorServer();
    const floorNode = await runLoad({ url: `http://127.0.0.1:${FLOOR_PORT}/`, connections: CONNECTIONS, durationSeconds: FLOOR_SECONDS, method: 'POST', nextRequest: syntheticDeliveries(stripe, template) });

    const stormSessions = sessions.slice(fixedUnique + satUnique, fixedUnique + satUnique + STORM_BUYERS);
    const faultSessions = sessions.slice(fixedUnique + satUnique + STORM_BUYERS);
    const stormBase = { url: webhookUrl, stripe, secret: WEBHOOK_SECRET, dataDir: DATA_DIR, userPoolId: pool.userPoolId, connections: CONNECTIONS, say };
    const cognitoEndpoint = () => cognito.endpoint;

    step(4, `new-buyer storm: ${STORM_BUYERS} paid events for ${STORM_BUYERS} new buyers at saturation, until the follow-up queue drains…`);
    const storm = await runStorm({ ...stormBase, cognitoEndpoint, sessions: stormSessions, tag: 'storm' });
    say(`      ${JSON.stringify({ ...storm, webhook: undefined })}`);

    step(5, `fault run: ${STORM_BUYERS} new buyers at ${FAULT_RATE}/s with Cognito cut off for ${COGNITO_DOWN_SECONDS} s in the middle…`);
    let cognitoBackAt = 0;
    const fault = await runStorm({
      ...stormBase, cognitoEndpoint, sessions: faultSessions, tag: 'fault', ratePerSecond: FAULT_RATE,
      during: async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await cognitoProxy.cut();
        say(`      Cognito cut off (connections refused, open ones reset); back in ${COGNITO_DOWN_SECONDS} s`);
        await new Promise((resolve) => setTimeout(resolve, COGNITO_DOWN_SECONDS * 1000));
        await cognitoProxy.restore();
        cognitoBackAt = Date.now();
        say('      Cognito is back');
      },
    });
    const faultDrainAfterReturnSeconds = (Date.now() - cognitoBackAt) / 1000;
    say(`      ${JSON.stringify({ ...fault, webhook: undefined, faultDrainAfterReturnSeconds })}`);

    step(6, 'catalog page / beside the empty static page /bench/empty…');
    await runLoad({ url: `${shop}/`, connections: 10, durationSeconds: 2 });
    await runLoad({ url: `${shop}/bench/empty`, connections: 10, durationSeconds: 2 });
    const before = await stripeApiRequests();
    const catalog = await runLoad({ url: `${shop}/`, connections: CONNECTIONS, durationSeconds: PAGE_SECONDS });
    const catalogStripeCalls = (await stripeApiRequests()) - before;
    const emptyPage = await runLoad({ url: `${shop}/bench/empty`, connections: CONNECTIONS, durationSeconds: PAGE_SECONDS });

    step(7, 'checkout creation, Local Stripe alone, and first-load JavaScript…');
    const checkout = await runLoad({
      url: `${shop}/api/checkout`, connections: 10, durationSeconds: 5, method: 'POST', nextRequest: checkoutRequests(price.id),
    });
    const stripeAlone = await stripeCheckoutCalls(stripe, price.id, 5, 10);
    const nextDir = path.resolve('.next');
    const firstLoad: FirstLoadJs[] = ['/', '/cart', '/orders', '/bench/empty'].map((route) => firstLoadJs(nextDir, route));

    const results: BenchResults = {
      date: new Date().toISOString(),
      cpus: (await import('node:os')).cpus().length,
      node: process.version,
      webhook: {
        fixed: fixed.load, fixedCorrectness, saturation: saturation.load, saturationCorrectness, floorNext: floorNext.load, floorNextFixed: floorNextFixed.load,
        floorNode, fixedRate: FIXED_RATE, connections: CONNECTIONS, rounds: ROUNDS, roundRatios,
        cpuMsPerRequest: { fixed: fixed.cpuMsPerRequest, saturation: saturation.cpuMsPerRequest, floorNext: floorNext.cpuMsPerRequest, floorNextFixed: floorNextFixed.cpuMsPerRequest },
        loadAverage: { start: loadAtStart, end: loadAtEnd },
      },
      followUps: { storm, fault, faultRate: FAULT_RATE, cognitoDownSeconds: COGNITO_DOWN_SECONDS, faultDrainAfterReturnSeconds },
      catalog: { page: catalog, empty: emptyPage, stripeCallsPer1000: (catalogStripeCalls / Math.max(1, catalog.requests)) * 1000 },
      checkout: { route: checkout, stripeAlone },
      firstLoad,
      totalSeconds: (Date.now() - startedAt) / 1000,
    };
    const { table } = writeReport(path.join(__dirname), results);
    say(`\n${table}\nWrote bench/report.md and bench/latency.svg in ${results.totalSeconds.toFixed(0)} s.`);
  } finally {
    floor?.kill('SIGTERM');
    await stack.stop();
    await cognitoProxy.close();
    await cognito.stop();
  }
}
