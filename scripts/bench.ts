/**
 * `npm run bench`: builds the shop, serves it with Local Stripe on :3200/:12113 (data in .data/bench),
 * measures webhook ingestion, the catalog page, checkout and first-load JS beside their floors,
 * and writes bench/report.md and bench/latency.svg. It ignores .env files: it always runs offline.
 */
import { runBench } from '../bench/run-bench';

runBench().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
