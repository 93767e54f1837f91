/**
 * Where the webhook's CPU goes at saturation, beside floor (a): `npx tsx bench/profile-webhook.ts` after
 * `next build`. Serves the build with NEXT_CPU_PROF (Next's own profiler, saved when the server exits), drives
 * the webhook and then the verify-only route at saturation, and prints self time per source function and per
 * area for each phase, mapped through the build's source maps. Ports: BENCH_*_PORT, as for `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import Stripe from 'stripe';
import { startBenchStack } from './bench-stack';
import { summarizeWindow, type CpuProfile, type WindowSummary } from './cpu-profile-summary';
import { runLoad, type LoadResult } from './load';
import { waitForQuietQueue } from './webhook-rounds';
import { completedEvent, deliveryStream, inOrder, openSessions, signDeliveries } from './webhook-deliveries';

const port = (name: string, fallback: number) => Number(process.env[name] || fallback);
const SHOP_PORT = port('BENCH_SHOP_PORT', 3200);
const STRIPE_PORT = port('BENCH_STRIPE_PORT', 12113);
const COGNITO_PORT = port('BENCH_COGNITO_PORT', 9231);
const DATA_DIR = path.resolve('.data/bench-profile');
/** Where `next` saves the profile on exit (it sets NEXT_CPU_PROF_DIR itself). */
const PROFILE_DIR = path.resolve('.next-profiles');
const WEBHOOK_SECRET = `whsec_bench_${randomBytes(16).toString('hex')}`;
const UNIQUE_SESSIONS = Number(process.env.PROFILE_SESSIONS || 3000);
const CONNECTIONS = 50;
/** Functions whose time including callees is worth seeing (names as they appear in the profile). */
const INCLUSIVE = (process.env.PROFILE_INCLUSIVE ?? '').split(',').filter(Boolean);

const say = (line: string) => process.stdout.write(`${line}\n`);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function phase(name: string, run: () => Promise<LoadResult>) {
  const from = nowUs();
  const result = await run();
  const to = nowUs();
  say(`${name}: ${result.requests} requests, ${result.requestsPerSecond.toFixed(0)}/s, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`);
  return { name, from, to, result };
}

/** Rewrites frames of the shop's bundle to their source file and line, so the summary names real code. */
function mapFrames(profile: CpuProfile): void {
  const maps = new Map<string, SourceMap | null>();
  const root = process.cwd();
  for (const node of profile.nodes) {
    const frame = node.callFrame as CpuProfile['nodes'][number]['callFrame'] & { columnNumber: number };
    if (!frame.url.includes('/.next/server/')) continue;
    const file = frame.url.replace(/^file:\/\//, '');
    if (!maps.has(file)) maps.set(file, fs.existsSync(`${file}.map`) ? new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))) : null);
    const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (!entry?.originalSource) continue;
    const source = path.resolve(path.dirname(file), entry.originalSource);
    frame.url = source.includes('/node_modules/') ? source : `shop:${path.relative(root, source)}`;
    frame.lineNumber = entry.originalLine ?? 0;
  }
}

function print(name: string, requests: number, summary: WindowSummary): void {
  const perRequest = (ms: number) => `${((ms * 1000) / Math.max(1, requests)).toFixed(0)} µs/req`;
  say(`\n== ${name}: busy ${summary.busyMs.toFixed(0)} of ${summary.totalMs.toFixed(0)} ms sampled = ${perRequest(summary.busyMs)} over ${requests} requests`);
  say('-- self time by area');
  for (const row of summary.byCategory) say(`${(row.share * 100).toFixed(1).padStart(5)}%  ${perRequest(row.ms).padStart(12)}  ${row.name}`);
  say('-- self time by function');
  for (const row of summary.byFunction) say(`${(row.share * 100).toFixed(1).padStart(5)}%  ${perRequest(row.ms).padStart(12)}  ${row.name}`);
  if (summary.inclusive.length > 0) say('-- including callees');
  for (const row of summary.inclusive) say(`${(row.share * 100).toFixed(1).padStart(5)}%  ${perRequest(row.ms).padStart(12)}  ${row.name}`);
}

async function main(): Promise<void> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('run `next build` first');
  const before = new Set(fs.existsSync(PROFILE_DIR) ? fs.readdirSync(PROFILE_DIR) : []);
  const stack = await startBenchStack({
    dataDir: DATA_DIR, shopPort: SHOP_PORT, stripePort: STRIPE_PORT, cognitoPort: COGNITO_PORT, webhookSecret: WEBHOOK_SECRET,
    extraEnv: { NEXT_CPU_PROF: '1' },
  });
  const shop = `http://127.0.0.1:${SHOP_PORT}`;
  const phases = [];
  try {
    const stripe = new Stripe('sk_test_bench_key', { host: '127.0.0.1', port: STRIPE_PORT, protocol: 'http' });
    const price = (await stripe.prices.list({ active: true, limit: 1 })).data[0];
    if (!price) throw new Error('Local Stripe has no price');
    const [warm, ...sessions] = await openSessions(stripe, price.id, 1 + UNIQUE_SESSIONS);
    if (!warm) throw new Error('no session opened');
    const stream = signDeliveries(stripe, deliveryStream(sessions, 0.2, 'profile'), WEBHOOK_SECRET);
    let next = 0;
    const synthetic = () => {
      const payload = JSON.stringify(completedEvent(warm, `evt_profile_floor_${next++}`, Math.floor(Date.now() / 1000)));
      return { body: payload, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }) } };
    };
    await runLoad({ url: `${shop}/api/webhooks/stripe`, connections: 4, amount: 300, method: 'POST', nextRequest: synthetic });
    await runLoad({ url: `${shop}/bench/verify-only`, connections: 4, amount: 300, method: 'POST', nextRequest: synthetic });
    phases.push(await phase('webhook at saturation', () => runLoad({ url: `${shop}/api/webhooks/stripe`, connections: CONNECTIONS, amount: stream.length, method: 'POST', nextRequest: inOrder(stream) })));
    // Floor (a) starts once the webhook's follow-ups are done, as in `npm run bench`.
    await waitForQuietQueue(DATA_DIR);
    phases.push(await phase('floor (a) verify-only at saturation', () => runLoad({ url: `${shop}/bench/verify-only`, connections: CONNECTIONS, amount: stream.length, method: 'POST', nextRequest: synthetic })));
  } finally {
    await stack.stop();
  }
  const file = fs.readdirSync(PROFILE_DIR).find((name) => name.endsWith('.cpuprofile') && !before.has(name));
  if (!file) throw new Error(`no profile in ${PROFILE_DIR}`);
  const profile = JSON.parse(fs.readFileSync(path.join(PROFILE_DIR, file), 'utf8')) as CpuProfile;
  mapFrames(profile);
  for (const { name, from, to, result } of phases) print(name, result.requests, summarizeWindow(profile, from, to, 30, INCLUSIVE));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
