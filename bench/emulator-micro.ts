/**
 * Micro-benchmark of Local Stripe alone (no Next): persistence stalls and the list lookups the shop
 * makes, at the state size `npm run bench` reaches. Prints figures; asserts nothing.
 *
 *   npx tsx bench/emulator-micro.ts [path/to/emulators/stripe/index.ts]   (default: this tree's)
 *
 * The optional path lets the same script measure another copy of the emulator (e.g. `git archive`
 * of an older commit) for before/after numbers.
 *
 * Section G measures the two calls checkout makes on this tree and on the emulator as it was before
 * its state moved to SQLite (MICRO_BEFORE, a git ref; default the parent of that change; `none` skips
 * it), in alternating rounds in the same run (after a warm-up of each; which side goes first swaps
 * every round), and prints them side by side with their ratio: on a busy
 * machine only the ratio (and CPU per request) means something, and a quiet run answers the question.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { summarize } from './stats';

type Start = typeof import('../emulators/stripe').startStripeEmulator;

const SESSIONS = Number(process.env.MICRO_SESSIONS ?? 3700);
const PAID = Number(process.env.MICRO_PAID ?? 400);
const RATE_REQUESTS = Number(process.env.MICRO_RATE_REQUESTS ?? 4000);
const KEY = 'sk_test_micro_bench_key';
/** The commit before "Local Stripe state on SQLite" (667fd25): snapshot + journal persistence. */
const BEFORE_REF = process.env.MICRO_BEFORE ?? '667fd25^';
const G_ROUNDS = Number(process.env.MICRO_G_ROUNDS ?? 6);
/** MICRO_ONLY_G=1: section G alone (the before/after comparison), skipping A–D. */
const ONLY_G = process.env.MICRO_ONLY_G === '1';

async function call(base: string, method: 'GET' | 'POST', pathname: string, form?: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
  });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const sessionForm = (price: string): Record<string, string> => ({
  mode: 'payment',
  'line_items[0][price]': price,
  'line_items[0][quantity]': '1',
  success_url: 'http://127.0.0.1/bench/success',
  cancel_url: 'http://127.0.0.1/bench/cancel',
  'metadata[delivery_date]': '2030-01-01',
});

/** What lib/services/checkout/create-checkout.ts sends (buildSessionParams). */
const checkoutForm = (price: string): Record<string, string> => ({
  mode: 'payment',
  'line_items[0][price]': price,
  'line_items[0][quantity]': '2',
  success_url: 'http://127.0.0.1/checkout/success?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'http://127.0.0.1/checkout/canceled',
  'shipping_address_collection[allowed_countries][0]': 'US',
  'metadata[delivery_date]': '2030-01-01',
});

async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await task(next++);
  }));
}

/** Runs `fn` while sampling event-loop delay; returns its p99/max in ms. */
async function withLoopDelay<T>(fn: () => Promise<T>): Promise<{ result: T; loopP99: number; loopMax: number }> {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const result = await fn();
  h.disable();
  return { result, loopP99: h.percentile(99) / 1e6, loopMax: h.max / 1e6 };
}

function dirSize(dir: string): string {
  return fs.readdirSync(dir).map((f) => `${f} ${(fs.statSync(path.join(dir, f)).size / 1e6).toFixed(1)} MB`).join(', ');
}

const f1 = (n: number): string => n.toFixed(1);

async function main(): Promise<void> {
  const modulePath = path.resolve(process.argv[2] ?? path.join(__dirname, '../emulators/stripe/index.ts'));
  const { startStripeEmulator } = (await import(modulePath)) as { startStripeEmulator: Start };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-micro-'));
  const emulator = await startStripeEmulator({ port: 0, dataDir });
  const base = emulator.url;
  try {
    const prices = (await call(base, 'GET', '/v1/prices?limit=1')) as { data: Array<{ id: string }> };
    const price = prices.data[0]?.id;
    if (!price) throw new Error('no price');
    say(`emulator: ${path.relative(process.cwd(), modulePath)}; ${SESSIONS} sessions, ${PAID} paid; ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1)}`);

    await sectionG(base, price, modulePath);
    if (ONLY_G) return;

    // A. Opening the sessions (what `npm run bench` does before the webhook runs).
    const ids: string[] = [];
    const opened = await withLoopDelay(async () => {
      const t = performance.now();
      await pool(SESSIONS, 16, async () => {
        ids.push((await call(base, 'POST', '/v1/checkout/sessions', sessionForm(price))).id as string);
      });
      return performance.now() - t;
    });
    say(`A. open ${SESSIONS} sessions: ${f1(opened.result / 1000)} s; event-loop delay p99 ${f1(opened.loopP99)} ms, max ${f1(opened.loopMax)} ms`);

    // B. The webhook handler's line-item fetch, with a write every 10 ms (each schedules a flush).
    const samples: number[] = [];
    const reads = await withLoopDelay(async () => {
      const deadline = Date.now() + 4000;
      const writer = (async () => {
        while (Date.now() < deadline) {
          await call(base, 'POST', '/v1/checkout/sessions', sessionForm(price));
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      await pool(1e9, 20, async (i) => {
        if (Date.now() >= deadline) throw new Stop();
        const t = performance.now();
        await call(base, 'GET', `/v1/checkout/sessions/${ids[i % ids.length] ?? ''}/line_items?limit=100`);
        samples.push(performance.now() - t);
      }).catch((e: unknown) => {
        if (!(e instanceof Stop)) throw e;
      });
      await writer;
    });
    const s = summarize(samples);
    say(`B. line_items GET under writes: ${samples.length} in 4 s; p50 ${f1(s.p50)} ms, p99 ${f1(s.p99)} ms, max ${f1(Math.max(...samples))} ms; event-loop delay p99 ${f1(reads.loopP99)} ms, max ${f1(reads.loopMax)} ms`);

    // C. Pay some sessions (PaymentIntents + events), then the shop's lookup by payment_intent.
    const pis: string[] = [];
    await pool(PAID, 8, async (i) => {
      const paid = await call(base, 'POST', `/v1/payment_pages/${ids[i] ?? ''}/confirm`, { payment_method: 'pm_card_visa' });
      pis.push(String(paid.payment_intent));
    });
    const lookups: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      const list = (await call(base, 'GET', `/v1/checkout/sessions?payment_intent=${pis[i % pis.length] ?? ''}&limit=1`)) as { data: unknown[] };
      lookups.push(performance.now() - t);
      if (list.data.length !== 1) throw new Error('lookup found no session');
    }
    const l = summarize(lookups);
    say(`C. GET /v1/checkout/sessions?payment_intent=… (sequential): p50 ${f1(l.p50)} ms, p99 ${f1(l.p99)} ms`);

    // D. Reading every event 100 at a time (what reconcile does).
    const t = performance.now();
    let pages = 0;
    let events = 0;
    let after = '';
    for (;;) {
      const page = (await call(base, 'GET', `/v1/events?limit=100${after ? `&starting_after=${after}` : ''}`)) as { data: Array<{ id: string }>; has_more: boolean };
      pages++;
      events += page.data.length;
      after = page.data.at(-1)?.id ?? '';
      if (!page.has_more) break;
    }
    say(`D. list ${events} events in ${pages} pages: ${f1(performance.now() - t)} ms (${f1((performance.now() - t) / pages)} ms/page)`);
  } finally {
    const t = performance.now();
    await emulator.close();
    say(`E. close(): ${f1(performance.now() - t)} ms; on disk: ${dirSize(dataDir)}`);
    const r = performance.now();
    const again = await startStripeEmulator({ port: 0, dataDir });
    say(`F. restart (load): ${f1(performance.now() - r)} ms`);
    await again.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Rate {
  reqPerS: number;
  cpuUs: number;
}

/** Rate and CPU per request of `count` calls, 16 in flight. CPU (client and server share this process) does not depend on other load. */
async function measure(count: number, task: () => Promise<unknown>): Promise<Rate> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await pool(count, 16, async () => {
    await task();
  });
  const cpu = process.cpuUsage(cpu0);
  return { reqPerS: count / ((performance.now() - t0) / 1000), cpuUs: (cpu.user + cpu.system) / count };
}

/** The emulator tree at `ref`, unpacked once under .data/ (inside the repo, so its imports resolve here). */
function treeAt(ref: string): string {
  const sha = execSync(`git rev-parse --verify ${JSON.stringify(`${ref}^{commit}`)}`, { encoding: 'utf8' }).trim();
  const dir = path.join(__dirname, '..', '.data', 'bench-before', sha);
  const entry = path.join(dir, 'emulators', 'stripe', 'index.ts');
  if (!fs.existsSync(entry)) {
    fs.mkdirSync(dir, { recursive: true });
    execSync(`git archive ${sha} emulators/stripe | tar -x -C ${JSON.stringify(dir)}`);
  }
  return entry;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * G. The two calls checkout makes, on this tree and (unless MICRO_BEFORE=none) on the pre-SQLite
 * emulator, alternating rounds so both see the same machine load; medians side by side with the ratio.
 */
async function sectionG(base: string, price: string, modulePath: string): Promise<void> {
  const calls: Array<[string, (url: string, priceId: string) => Promise<unknown>]> = [
    ['GET /v1/prices/:id?expand[]=product', (url, p) => call(url, 'GET', `/v1/prices/${p}?expand%5B0%5D=product`)],
    ['POST /v1/checkout/sessions', (url, p) => call(url, 'POST', '/v1/checkout/sessions', checkoutForm(p))],
  ];
  const perRound = Math.max(1, Math.floor(RATE_REQUESTS / G_ROUNDS));
  let before: { url: string; price: string; close: () => Promise<void>; dir: string } | null = null;
  if (BEFORE_REF !== 'none') {
    const entry = treeAt(BEFORE_REF);
    const { startStripeEmulator } = (await import(entry)) as { startStripeEmulator: Start };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-micro-before-'));
    const em = await startStripeEmulator({ port: 0, dataDir: dir });
    const list = (await call(em.url, 'GET', '/v1/prices?limit=1')) as { data: Array<{ id: string }> };
    before = { url: em.url, price: list.data[0]?.id ?? '', close: () => em.close(), dir };
    say(`G. before = ${BEFORE_REF} (${path.relative(process.cwd(), entry)}), after = ${path.relative(process.cwd(), modulePath)}; ${G_ROUNDS} alternating rounds of ${perRound} requests each`);
  }
  try {
    for (const [label, run] of calls) {
      const after: Rate[] = [];
      const prior: Rate[] = [];
      const b = before;
      // A discarded warm-up of each (JIT, the loader's background work), then rounds that swap which side
      // goes first, so neither always follows the other (or a burst of outside load).
      if (b) await measure(Math.ceil(perRound / 4), () => run(b.url, b.price));
      await measure(Math.ceil(perRound / 4), () => run(base, price));
      for (let r = 0; r < G_ROUNDS; r++) {
        const sides = [
          async (): Promise<void> => void after.push(await measure(perRound, () => run(base, price))),
          ...(b ? [async (): Promise<void> => void prior.push(await measure(perRound, () => run(b.url, b.price)))] : []),
        ];
        for (const side of r % 2 === 0 ? sides.reverse() : sides) await side();
      }
      const a = { reqPerS: median(after.map((x) => x.reqPerS)), cpuUs: median(after.map((x) => x.cpuUs)) };
      let line = `G. ${label}: after ${f1(a.reqPerS)} req/s, ${f1(a.cpuUs)} µs CPU/request`;
      if (prior.length > 0) {
        const b = { reqPerS: median(prior.map((x) => x.reqPerS)), cpuUs: median(prior.map((x) => x.cpuUs)) };
        line += ` | before ${f1(b.reqPerS)} req/s, ${f1(b.cpuUs)} µs CPU/request | after/before: rate ×${(a.reqPerS / b.reqPerS).toFixed(2)}, CPU ×${(a.cpuUs / b.cpuUs).toFixed(2)}`;
      }
      say(`${line} (medians of ${G_ROUNDS} rounds, 16 in flight)`);
    }
  } finally {
    if (before) {
      await before.close();
      fs.rmSync(before.dir, { recursive: true, force: true });
    }
  }
}

class Stop extends Error {}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
