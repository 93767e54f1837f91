import type Stripe from 'stripe';
import { sweepFollowUps } from '../followups/run-follow-ups';
import { processEvent, type EventProcessingDeps } from '../webhooks/process-event';

export const RECONCILE_CURSOR = 'reconcile';
/** Stripe keeps events for 30 days: a first run looks back that far. */
const FIRST_RUN_LOOKBACK_SECONDS = 30 * 24 * 60 * 60;
/** Events created in the same second as the cursor may not all have been seen: re-read a little. */
const OVERLAP_SECONDS = 60;

export interface ReconcileReport {
  from: number;
  listed: number;
  alreadyRecorded: number;
  recovered: number;
  failed: number;
  followUpsDone: number;
  followUpsFailed: number;
  cursor: number;
}

/**
 * Catches up with Stripe after missed webhooks (an outage longer than Stripe's retries, a lost
 * delivery): lists events since the last cursor with GET /v1/events, feeds the unrecorded ones
 * through the same processing as the webhook, then finishes any follow-up work still pending.
 * The cursor only moves past events that were processed, so a failed one is retried next run.
 */
export async function reconcile(deps: EventProcessingDeps, onProgress: (line: string) => void = () => undefined): Promise<ReconcileReport> {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const cursor = (await deps.store.getCursor(RECONCILE_CURSOR)) ?? now - FIRST_RUN_LOOKBACK_SECONDS;
  const from = cursor - OVERLAP_SECONDS;

  const events: Stripe.Event[] = [];
  for await (const event of deps.stripe.events.list({ created: { gte: from }, limit: 100 })) events.push(event);
  events.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  onProgress(`listed ${events.length} events since ${new Date(from * 1000).toISOString()}`);

  const report: ReconcileReport = { from, listed: events.length, alreadyRecorded: 0, recovered: 0, failed: 0, followUpsDone: 0, followUpsFailed: 0, cursor };
  let firstFailure: number | null = null;
  for (const [index, event] of events.entries()) {
    // processEvent itself tells a recorded event (a no-op 'duplicate') from a missed one.
    try {
      if ((await processEvent(deps, event)) === 'duplicate') report.alreadyRecorded++;
      else report.recovered++;
    } catch {
      report.failed++;
      firstFailure ??= event.created;
    }
    if ((index + 1) % 50 === 0) onProgress(`  ${index + 1}/${events.length} checked, ${report.recovered} recovered`);
  }

  const swept = await sweepFollowUps(deps);
  report.followUpsDone = swept.done;
  report.followUpsFailed = swept.failed;
  report.cursor = firstFailure !== null ? firstFailure - 1 : Math.max(cursor, events.at(-1)?.created ?? cursor);
  await deps.store.setCursor(RECONCILE_CURSOR, report.cursor);
  return report;
}
