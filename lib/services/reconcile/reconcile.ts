import type Stripe from 'stripe';
import { sweepFollowUps } from '../followups/run-follow-ups';
import type { ApplyOutcome } from '../../domain/orders/event-ledger';
import { processEvent, toEventRecord, type EventProcessingDeps } from '../webhooks/process-event';
import type { CursorStore } from '../../domain/reconcile/cursor-store';
import { parkEvent, wasParked } from './park-event';
import { nextWindow, type EventWindow } from '../../domain/reconcile/windows';

export const RECONCILE_CURSOR = 'reconcile';
/** Stripe keeps events for 30 days: a first run looks back that far. */
const FIRST_RUN_LOOKBACK_SECONDS = 30 * 24 * 60 * 60;
/** Events created in the same second as the cursor may not all have been seen: re-read a little. */
const OVERLAP_SECONDS = 60;
/** Events held in memory at once: one page of GET /v1/events. */
export const RECONCILE_PAGE_SIZE = 100;
/** Tries per event within a run before it is parked (a poison event must not pin the cursor). */
const ATTEMPTS_PER_EVENT = 3;
/** This many parked in a row looks like an outage, not a poison event: stop and keep the cursor. */
const OUTAGE_STREAK = 5;
/** Parked event ids listed in the report (the count is always exact). */
const MAX_PARKED_LISTED = 100;

/** One page of events: what GET /v1/events answers (newest first). */
export interface EventPage {
  data: Stripe.Event[];
  has_more: boolean;
}

export interface EventListParams {
  created: { gte: number; lt: number };
  limit: number;
  starting_after?: string;
}

export type ListEvents = (params: EventListParams) => Promise<EventPage>;

export interface ReconcileDeps extends EventProcessingDeps {
  /** Also where the last fully processed event time is kept. */
  store: EventProcessingDeps['store'] & CursorStore;
  /** Defaults to Stripe's GET /v1/events; tests pass a fake source. */
  listEvents?: ListEvents;
}

export interface ReconcileReport {
  from: number;
  listed: number;
  alreadyRecorded: number;
  recovered: number;
  /** Events that failed every try this run: recorded as failed, reported here, and passed by the cursor. */
  failed: number;
  parked: string[];
  /** Why the run stopped early (the cursor stays before the events it could not process), or null. */
  stopped: string | null;
  pages: number;
  followUpsDone: number;
  followUpsFailed: number;
  cursor: number;
}

type EventResult = { ok: true; outcome: ApplyOutcome } | { ok: false; error: string };

async function tryEvent(deps: EventProcessingDeps, event: Stripe.Event): Promise<EventResult> {
  let error = '';
  for (let attempt = 0; attempt < ATTEMPTS_PER_EVENT; attempt++) {
    try {
      return { ok: true, outcome: await processEvent(deps, event) };
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
  }
  return { ok: false, error };
}

/**
 * Catches up with Stripe after missed webhooks (an outage longer than Stripe's retries, a lost
 * delivery). It walks forward in time from its cursor, one window of events at a time, narrowing a window
 * until its events fit one page of GET /v1/events, so it holds at most one page in memory whatever the
 * backlog. Each event goes through the same processing as the webhook; the cursor is saved after every
 * window. An event that fails every try is parked (recorded as failed, reported, logged) and the cursor
 * moves on; a streak of failures looks like an outage, so the run stops there and keeps its cursor.
 * Finally it finishes any follow-up work still pending.
 */
export async function reconcile(deps: ReconcileDeps, onProgress: (line: string) => void = () => undefined): Promise<ReconcileReport> {
  const listEvents: ListEvents = deps.listEvents ?? ((params) => deps.stripe.events.list(params));
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const saved = await deps.store.getCursor(RECONCILE_CURSOR);
  const from = (saved ?? now - FIRST_RUN_LOOKBACK_SECONDS) - OVERLAP_SECONDS;
  const report: ReconcileReport = {
    from,
    listed: 0,
    alreadyRecorded: 0,
    recovered: 0,
    failed: 0,
    parked: [],
    stopped: null,
    pages: 0,
    followUpsDone: 0,
    followUpsFailed: 0,
    cursor: saved ?? from,
  };
  let failureStreak = 0;

  const handlePage = async (events: readonly Stripe.Event[]): Promise<boolean> => {
    report.pages++;
    report.listed += events.length;
    // Oldest first, as Stripe created them (the state machine does not need it, but logs read better).
    for (const event of [...events].sort((a, b) => a.created - b.created || a.id.localeCompare(b.id))) {
      const parkedBefore = wasParked(await deps.store.getEvent(event.id));
      const result = await tryEvent(deps, event);
      if (result.ok) {
        failureStreak = 0;
        if (result.outcome === 'duplicate') report.alreadyRecorded++;
        else report.recovered++;
        continue;
      }
      // An event that already failed in an earlier run is known poison: it does not count toward an outage.
      if (!parkedBefore) failureStreak++;
      if (failureStreak >= OUTAGE_STREAK) {
        report.stopped = `${failureStreak} events in a row failed (last: ${result.error}); stopped to retry next run`;
        return false;
      }
      await parkEvent(deps, toEventRecord(event, deps.clock.now()), result.error);
      report.failed++;
      if (report.parked.length < MAX_PARKED_LISTED) report.parked.push(event.id);
    }
    return true;
  };

  let window: EventWindow | null = { gte: from, lt: Math.min(from + 3600, now + 1) };
  while (window && !report.stopped) {
    const created = { gte: window.gte, lt: window.lt };
    let page = await listEvents({ created, limit: RECONCILE_PAGE_SIZE });
    if (page.has_more && window.lt - window.gte > 1) {
      // More than a page in this window: try the first half of it.
      window = { gte: window.gte, lt: window.gte + Math.floor((window.lt - window.gte) / 2) };
      continue;
    }
    let complete = await handlePage(page.data);
    // A single second with more than a page of events: walk its pages, one at a time.
    while (complete && page.has_more && page.data.length > 0) {
      page = await listEvents({ created, limit: RECONCILE_PAGE_SIZE, starting_after: page.data.at(-1)!.id });
      complete = await handlePage(page.data);
    }
    if (!complete) break;
    report.cursor = Math.max(report.cursor, window.lt - 1);
    await deps.store.setCursor(RECONCILE_CURSOR, report.cursor);
    onProgress(`  up to ${new Date(window.lt * 1000).toISOString()}: ${report.listed} listed, ${report.recovered} recovered, ${report.failed} parked`);
    window = nextWindow(window, page.data.length, RECONCILE_PAGE_SIZE, now);
  }

  const swept = await sweepFollowUps(deps);
  report.followUpsDone = swept.done;
  report.followUpsFailed = swept.failed;
  return report;
}
