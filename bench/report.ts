import fs from 'node:fs';
import path from 'node:path';
import type { FirstLoadJs } from './first-load-js';
import type { StormFigures } from './followup-storms';
import { latencySvg } from './latency-svg';
import type { LoadResult } from './load';
import { ratio } from './stats';

export interface Correctness {
  deliveries: number;
  uniqueSessions: number;
  orders: number;
  processedEvents: number;
}

export interface BenchResults {
  date: string;
  cpus: number;
  node: string;
  webhook: {
    fixed: LoadResult;
    fixedCorrectness: Correctness;
    saturation: LoadResult;
    saturationCorrectness: Correctness;
    floorNext: LoadResult;
    /** Floor (a) at the fixed offered rate, for the p99 comparison. */
    floorNextFixed: LoadResult;
    floorNode: LoadResult;
    fixedRate: number;
    connections: number;
    /** The webhook and floor (a) alternated this many times; the saturation ratio of each round. */
    rounds: number;
    roundRatios: number[];
    /** CPU the Next server used per request during each measurement (ms), or null off Linux. */
    cpuMsPerRequest: { fixed: number | null; saturation: number | null; floorNext: number | null; floorNextFixed: number | null };
    /** The machine's 1-minute load average before and after those rounds. */
    loadAverage: { start: number | null; end: number | null };
  };
  followUps: { storm: StormFigures; fault: StormFigures; faultRate: number; cognitoDownSeconds: number; faultDrainAfterReturnSeconds: number };
  catalog: { page: LoadResult; empty: LoadResult; stripeCallsPer1000: number };
  checkout: { route: LoadResult; stripeAlone: LoadResult };
  firstLoad: FirstLoadJs[];
  totalSeconds: number;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : 'n/a');
const rps = (value: number) => value.toFixed(0);
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const verdict = (met: boolean) => (met ? '**met**' : '**missed**');
const cpu = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));
const cpuRatio = (value: number | null, floor: number | null) => (value === null || floor === null ? Number.NaN : ratio(value, floor));
const kb = (bytes: number | null) => (bytes === null ? 'n/a (route not built)' : `${(bytes / 1024).toFixed(1)} kB`);

function correct(check: Correctness): boolean {
  return check.orders === check.uniqueSessions && check.processedEvents === check.uniqueSessions;
}

function loadRow(label: string, result: LoadResult): string {
  return `| ${label} | ${rps(result.requestsPerSecond)} | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.p99)} | ${result.errors} | ${result.requests} |`;
}

/** Every buyer provisioned and invited exactly once, every order paid, no job parked or left pending. */
function stormExact(storm: StormFigures): boolean {
  return (
    storm.ordersPaid === storm.buyers &&
    storm.users === storm.buyers &&
    storm.distinctUserEmails === storm.buyers &&
    storm.invitations === storm.buyers &&
    storm.distinctInvited === storm.buyers &&
    storm.jobsDone === storm.buyers &&
    storm.jobsParked === 0
  );
}

function stormCounts(storm: StormFigures): string {
  return `${storm.ordersPaid}/${storm.buyers} orders paid, ${storm.users} users (${storm.distinctUserEmails} emails), ${storm.invitations} invitations (${storm.distinctInvited} buyers), ${storm.jobsDone} jobs done, ${storm.jobsParked} parked, ${storm.retries} retries`;
}

/** The console table and bench/report.md (with bench/latency.svg), from one run's figures. */
export function writeReport(dir: string, results: BenchResults): { table: string } {
  const { webhook, catalog, checkout } = results;
  const satVsNext = ratio(webhook.saturation.requestsPerSecond, webhook.floorNext.requestsPerSecond);
  const satVsNode = ratio(webhook.saturation.requestsPerSecond, webhook.floorNode.requestsPerSecond);
  const cpuVsNext = cpuRatio(webhook.cpuMsPerRequest.saturation, webhook.cpuMsPerRequest.floorNext);
  const rounds = webhook.roundRatios.map(times).join(', ');
  const { storm, fault } = results.followUps;
  const stormVsReturning = ratio(storm.webhook.requestsPerSecond, webhook.saturation.requestsPerSecond);
  const p99VsFloor = ratio(webhook.fixed.p99, webhook.floorNextFixed.p99);
  const servedShare = ratio(webhook.fixed.requestsPerSecond, webhook.fixedRate);
  const pageVsEmpty = ratio(catalog.page.requestsPerSecond, catalog.empty.requestsPerSecond);
  const byRoute = new Map(results.firstLoad.map((entry) => [entry.route, entry]));
  const emptyJs = byRoute.get('/bench/empty')?.gzipBytes ?? null;
  const homeJs = byRoute.get('/')?.gzipBytes ?? null;
  const jsRatio = homeJs !== null && emptyJs ? homeJs / emptyJs : Number.NaN;

  const table = [
    '| Measurement | req/s | p50 ms | p95 ms | p99 ms | errors | requests |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    loadRow(`Webhook, ${webhook.fixedRate}/s offered`, webhook.fixed),
    loadRow('Webhook, saturation', webhook.saturation),
    loadRow('Floor (a): Next route, verify only', webhook.floorNext),
    loadRow(`Floor (a) at ${webhook.fixedRate}/s offered`, webhook.floorNextFixed),
    loadRow(`New-buyer storm (${storm.buyers} new buyers), saturation`, storm.webhook),
    loadRow(`Fault run (${fault.buyers} new buyers, ${results.followUps.faultRate}/s, Cognito down ${results.followUps.cognitoDownSeconds} s)`, fault.webhook),
    loadRow('Floor (b): node:http, verify + SQLite insert', webhook.floorNode),
    loadRow('Catalog /', catalog.page),
    loadRow('Empty static page /bench/empty', catalog.empty),
    loadRow('Checkout POST /api/checkout', checkout.route),
    loadRow('Local Stripe alone: the 2 calls checkout makes', checkout.stripeAlone),
  ].join('\n');

  const targets = [
    `| Webhook at ${webhook.fixedRate}/s: p99 ≤ 50 ms, no errors | p99 ${ms(webhook.fixed.p99)} ms, ${webhook.fixed.errors} errors | ${verdict(webhook.fixed.p99 <= 50 && webhook.fixed.errors === 0)} |`,
    `| Webhook correctness (effects = unique sessions) | ${webhook.fixedCorrectness.orders}/${webhook.fixedCorrectness.uniqueSessions} and ${webhook.saturationCorrectness.orders}/${webhook.saturationCorrectness.uniqueSessions} orders; ${webhook.fixedCorrectness.processedEvents + webhook.saturationCorrectness.processedEvents} events processed for ${webhook.fixedCorrectness.deliveries + webhook.saturationCorrectness.deliveries} deliveries | ${verdict(correct(webhook.fixedCorrectness) && correct(webhook.saturationCorrectness))} |`,
    `| Webhook at saturation ≥ 0.85 × floor (a) | ${times(satVsNext)} floor (a) over ${webhook.rounds} alternating rounds (${rounds}); ${times(satVsNode)} floor (b); CPU per request ${times(cpuVsNext)} floor (a)'s | ${verdict(satVsNext >= 0.85)} |`,
    `| Webhook at ${webhook.fixedRate}/s: full rate, 0 errors, p99 ≤ 1.5 × floor (a)'s p99 at ${webhook.fixedRate}/s | ${rps(webhook.fixed.requestsPerSecond)}/s served (${times(servedShare)}), ${webhook.fixed.errors} errors; p99 ${ms(webhook.fixed.p99)} vs ${ms(webhook.floorNextFixed.p99)} ms = ${times(p99VsFloor)} | ${verdict(servedShare >= 0.95 && webhook.fixed.errors === 0 && p99VsFloor <= 1.5)} |`,
    `| New-buyer storm: saturation within 10% of the returning-buyer run | ${rps(storm.webhook.requestsPerSecond)} vs ${rps(webhook.saturation.requestsPerSecond)} req/s = ${times(stormVsReturning)}, ${storm.webhook.errors} errors | ${verdict(stormVsReturning >= 0.9 && storm.webhook.errors === 0)} |`,
    `| New-buyer storm: every buyer provisioned and invited exactly once; queue drained | ${stormCounts(storm)}; drained ${storm.drainSeconds.toFixed(1)} s after the first delivery | ${verdict(stormExact(storm))} |`,
    `| Fault run (Cognito cut off ${results.followUps.cognitoDownSeconds} s mid-storm): 0 lost, 0 doubled, queue drained | ${fault.webhook.errors} webhook errors; ${stormCounts(fault)}; drained ${fault.drainSeconds.toFixed(1)} s after the first delivery, ${results.followUps.faultDrainAfterReturnSeconds.toFixed(1)} s after Cognito returned | ${verdict(stormExact(fault) && fault.webhook.errors === 0)} |`,
    `| Catalog / ≥ 0.8 × empty static page | ${times(pageVsEmpty)} | ${verdict(pageVsEmpty >= 0.8)} |`,
    `| Stripe calls per 1000 views of / (steady state) | ${catalog.stripeCallsPer1000.toFixed(2)} | ${verdict(catalog.stripeCallsPer1000 === 0)} |`,
    `| First-load JS of / ≤ 1.3 × empty page | ${kb(homeJs)} vs ${kb(emptyJs)} = ${times(jsRatio)} | ${verdict(jsRatio <= 1.3)} |`,
  ].join('\n');

  const firstLoadRows = results.firstLoad.map((entry) => `| ${entry.route} | ${kb(entry.gzipBytes)} | ${entry.files} |`).join('\n');

  const svg = latencySvg(`Latency percentiles, ${results.date.slice(0, 16)} (${results.cpus} CPUs)`, [
    { label: `Webhook ${webhook.fixedRate}/s`, ...webhook.fixed },
    { label: 'Webhook saturation', ...webhook.saturation },
    { label: 'Floor (a) Next verify-only', ...webhook.floorNext },
    { label: `Floor (a) ${webhook.fixedRate}/s`, ...webhook.floorNextFixed },
    { label: 'New-buyer storm', ...storm.webhook },
    { label: 'Floor (b) node:http + SQLite', ...webhook.floorNode },
    { label: 'Catalog /', ...catalog.page },
    { label: 'Empty static page', ...catalog.empty },
    { label: 'Checkout route', ...checkout.route },
    { label: 'Local Stripe alone (checkout calls)', ...checkout.stripeAlone },
  ]);
  fs.writeFileSync(path.join(dir, 'latency.svg'), svg);

  const notesFile = path.join(dir, 'report-notes.md');
  const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8') : '';
  const markdown = `# Benchmark report

Generated by \`npm run bench\` on ${results.date} — ${results.cpus} CPUs, Node ${results.node}, total ${results.totalSeconds.toFixed(0)} s.
Production build (\`next build\` + \`next start\`) with Local Stripe, data in \`.data/bench\`. The load generator
(autocannon) and Local Stripe run in the benchmark's own process on the same machine; every figure sits beside
its floor from the same run.

## Targets

| Target | Measured | |
| --- | --- | --- |
${targets}

## Figures

${table}

Webhook deliveries are signed \`checkout.session.completed\` events for real Local Stripe sessions (the handler
fetches each session's line items), ${Math.round((1 - webhook.fixedCorrectness.uniqueSessions / webhook.fixedCorrectness.deliveries) * 100)}% of them re-deliveries of an earlier event.
${webhook.connections} connections; the fixed-load run offers ${webhook.fixedRate} events/s. Ratios: saturation / floor (a) = ${times(satVsNext)},
saturation / floor (b) = ${times(satVsNode)}. Latencies are time to the whole response (for the pages: ≈ time to first byte
plus a ${'≤'} 20 kB body on loopback).

The webhook rows and the floor (a) rows each combine ${webhook.rounds} runs that alternated (webhook at ${webhook.fixedRate}/s, floor (a) at ${webhook.fixedRate}/s,
webhook at saturation, floor (a) at saturation, repeated), each started once the follow-up queue was empty; the
webhook's own follow-ups (order-paid, receipt) run during its runs in the follow-up worker process the launcher
starts beside the server (as the stream-triggered function does in the cloud), so the Next server's CPU below is
the webhook's alone. Load average
${webhook.loadAverage.start ?? 'n/a'} before these rounds, ${webhook.loadAverage.end ?? 'n/a'} after.

| Next server CPU per request (ms) | webhook | floor (a) | ratio |
| --- | ---: | ---: | ---: |
| at ${webhook.fixedRate}/s offered | ${cpu(webhook.cpuMsPerRequest.fixed)} | ${cpu(webhook.cpuMsPerRequest.floorNextFixed)} | ${times(cpuRatio(webhook.cpuMsPerRequest.fixed, webhook.cpuMsPerRequest.floorNextFixed))} |
| at saturation | ${cpu(webhook.cpuMsPerRequest.saturation)} | ${cpu(webhook.cpuMsPerRequest.floorNext)} | ${times(cpuVsNext)} |

![Latency percentiles](latency.svg)

## First-load JavaScript (gzipped)

| Route | JS | files |
| --- | ---: | ---: |
${firstLoadRows}

Method: \`.next/build-manifest.json\` \`rootMainFiles\` (the runtime every App Router page loads) plus the chunks
listed in the route's \`page_client-reference-manifest.js\` \`entryJSFiles\` for its layouts and page, each file
gzipped with Node's zlib at the default level. Polyfills (\`nomodule\`, not loaded by modern browsers) are not counted.

${notes}`;
  fs.writeFileSync(path.join(dir, 'report.md'), markdown);
  return { table };
}
