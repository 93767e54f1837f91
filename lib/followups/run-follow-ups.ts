import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { StoredFollowUp } from '../orders/order-store';
import { ORDER_PAID, runOrderPaid, type OrderPaidDeps } from './order-paid';
import { ORDER_RECEIPT, runOrderReceipt } from './order-receipt';
import { ORDER_REFUNDED, runOrderRefunded } from './order-refunded';
import type { ShopDetails } from '../shop';
import { PAYMENT_FAILED, runPaymentFailed } from './payment-failed';

/** How long one worker holds a job before another may assume it died and take over. */
export const FOLLOW_UP_LEASE_MS = 60_000;

export interface FollowUpDeps extends OrderPaidDeps {
  clock: Clock;
  logger: Logger;
  /** Who signs customer emails; the configured shop when absent. */
  shop?: ShopDetails;
}

export type FollowUpOutcome = 'done' | 'held_elsewhere' | 'already_done';

async function runJob(deps: FollowUpDeps, job: StoredFollowUp): Promise<void> {
  switch (job.kind) {
    case ORDER_PAID:
      return runOrderPaid(deps, job);
    case PAYMENT_FAILED:
      return runPaymentFailed(deps, job);
    case ORDER_RECEIPT:
      return runOrderReceipt(deps, job);
    case ORDER_REFUNDED:
      return runOrderRefunded(deps, job);
    default:
      throw new Error(`Unknown follow-up kind: ${job.kind}`);
  }
}

/**
 * Runs one follow-up job if nobody else holds it. Throws when the job fails (after releasing it),
 * so the webhook answers 500 and Stripe's retry — or the reconciliation sweep — runs it again.
 */
export async function runFollowUp(deps: FollowUpDeps, key: string): Promise<FollowUpOutcome> {
  const now = deps.clock.now();
  const job = await deps.store.claimFollowUp(key, now.toISOString(), new Date(now.getTime() + FOLLOW_UP_LEASE_MS).toISOString());
  if (!job) {
    const current = await deps.store.getFollowUp(key);
    return current?.status === 'done' || !current ? 'already_done' : 'held_elsewhere';
  }
  const log = deps.logger.child({ followUp: job.key, attempt: job.attempts });
  try {
    await runJob(deps, job);
    await deps.store.completeFollowUp(key, deps.clock.now().toISOString());
    log.info('follow-up done');
    return 'done';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: message }, 'follow-up failed; will retry');
    await deps.store.releaseFollowUp(key, message);
    throw error;
  }
}

/** Runs every pending job that nobody holds (reconciliation); returns how many completed and failed. */
export async function sweepFollowUps(deps: FollowUpDeps, limit = 100): Promise<{ done: number; failed: number }> {
  const pending = await deps.store.listPendingFollowUps(deps.clock.now().toISOString(), limit);
  let done = 0;
  let failed = 0;
  for (const job of pending) {
    try {
      if ((await runFollowUp(deps, job.key)) === 'done') done++;
    } catch {
      failed++;
    }
  }
  return { done, failed };
}
