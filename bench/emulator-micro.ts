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
 * it), each emulator in its own process (bench/emulator-host.ts), in alternating rounds in the same run
 * (after a warm-up of each; which side goes first swaps every round; after each round the bench waits
 * until that emulator is idle), and prints rate and the emulator's own CPU per request side by side with
 * their ratios: on a busy machine the CPU ratio is the steadier figure, and a quiet run answers the question.
 * MICRO_G_PORT=<n> puts them on ports n (after) and n+1 (before); default any free port.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process';
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
const G_PORT = Number(process.env.MICRO_G_PORT ?? 0);

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
  say(`${os.cpus().length} CPUs, load ${loadNow()}`);
  await sectionG(modulePath);
  if (ONLY_G) return;
  const { startStripeEmulator } = (await import(modulePath)) as { startStripeEmulator: Start };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-micro-'));
  const emulator = await startStripeEmulator({ port: 0, dataDir });
  const base = emulator.url;
  try {
    const prices = (await call(base, 'GET', '/v1/prices?limit=1')) as { data: Array<{ id: string }> };
    const price = prices.data[0]?.id;
    if (!price) throw new Error('no price');
    say(`emulator: ${path.relative(process.cwd(), modulePath)}; ${SESSIONS} sessions, ${PAID} paid`);

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

/** Rate of `count` calls, 16 in flight, timed from the first call to the last answer. */
async function rate(count: number, task: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await pool(count, 16, async () => {
    await task();
  });
  return count / ((performance.now() - t0) / 1000);
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

interface Side {
  name: 'after' | 'before';
  emulator: EmulatorProcess;
  price: string;
  rates: number[];
  /** Idle waits that hit their cap (the process never went quiet). */
  unsettled: number;
}

/**
 * G. The two calls checkout makes, on this tree and (unless MICRO_BEFORE=none) on the pre-SQLite
 * emulator, each in its own process. Rounds alternate (which side goes first swaps every round) and
 * after each round the bench waits until that side's process is idle, so work it defers (a debounced
 * journal append, compaction, GC) is neither timed in the other side's round nor lost. Rate: median over
 * rounds. CPU per request: the emulator process's own CPU (/proc, client excluded) from the end of its
 * warm-up to the end of its last round's idle wait, over every request it answered in between.
 */
async function sectionG(modulePath: string): Promise<void> {
  const calls: Array<[string, (url: string, priceId: string) => Promise<unknown>]> = [
    ['GET /v1/prices/:id?expand[]=product', (url, p) => call(url, 'GET', `/v1/prices/${p}?expand%5B0%5D=product`)],
    ['POST /v1/checkout/sessions', (url, p) => call(url, 'POST', '/v1/checkout/sessions', checkoutForm(p))],
  ];
  const perRound = Math.max(1, Math.floor(RATE_REQUESTS / G_ROUNDS));
  const entries: Array<[Side['name'], string]> = [['after', modulePath], ...(BEFORE_REF === 'none' ? [] : [['before', treeAt(BEFORE_REF)] as [Side['name'], string]])];
  const sides: Side[] = [];
  try {
    for (const [name, entry] of entries) {
      const emulator = await startEmulatorProcess(entry, G_PORT === 0 ? 0 : G_PORT + sides.length);
      sides.push({ name, emulator, price: '', rates: [], unsettled: 0 });
      const list = (await call(emulator.url, 'GET', '/v1/prices?limit=1')) as { data: Array<{ id: string }> };
      sides[sides.length - 1]!.price = list.data[0]?.id ?? '';
      say(`G. ${name} = ${path.relative(process.cwd(), entry)} (pid ${emulator.pid})`);
    }
    say(`G. ${G_ROUNDS} alternating rounds of ${perRound} requests per side and call, 16 in flight; load ${loadNow()}`);
    for (const [label, run] of calls) {
      for (const side of sides) side.rates = [];
      // A discarded warm-up of each (JIT, caches), then idle, so the counted CPU starts clean.
      for (const side of sides) {
        await rate(perRound, () => run(side.emulator.url, side.price));
        await side.emulator.idle();
      }
      const cpu0 = sides.map((side) => side.emulator.cpuMs());
      for (let r = 0; r < G_ROUNDS; r++) {
        for (const side of r % 2 === 0 ? [...sides].reverse() : sides) {
          side.rates.push(await rate(perRound, () => run(side.emulator.url, side.price)));
          if (!(await side.emulator.idle()).settled) side.unsettled++;
        }
      }
      const figures = sides.map((side, i) => ({
        name: side.name,
        reqPerS: median(side.rates),
        cpuUs: ((side.emulator.cpuMs() - (cpu0[i] ?? NaN)) * 1000) / (perRound * G_ROUNDS),
        unsettled: side.unsettled,
      }));
      const parts = figures.map((f) => `${f.name} ${f1(f.reqPerS)} req/s, ${f1(f.cpuUs)} µs CPU/request${f.unsettled ? ` (${f.unsettled} rounds never went idle)` : ''}`);
      const [a, b] = figures;
      if (a && b) parts.push(`after/before: rate ×${(a.reqPerS / b.reqPerS).toFixed(2)}, CPU ×${(a.cpuUs / b.cpuUs).toFixed(2)}`);
      say(`G. ${label}: ${parts.join(' | ')} (load ${loadNow()})`);
    }
  } finally {
    await Promise.all(sides.map((side) => side.emulator.stop()));
  }
}

const loadNow = (): string => os.loadavg()[0]?.toFixed(1) ?? '?';

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
