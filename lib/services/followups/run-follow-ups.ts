import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { FollowUpQueue, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { OrderRepository } from '../../domain/orders/order-repository';
import { fencedStore, LeaseLostError } from './fenced-store';
import { dispatchFollowUp, InvalidFollowUpJobError, type FollowUpHandlers } from '../../domain/followups/jobs';
import { runOrderPaid, type OrderPaidDeps } from './order-paid';
import { runOrderReceipt } from './order-receipt';
import { runOrderRefunded } from './order-refunded';
import type { ShopDetails } from '../../config/shop';
import { runPaymentFailed } from './payment-failed';
import { deliverFulfilmentEvent, type FulfilmentWebhookTarget } from '../fulfilment-handoff/deliver';
import { FULFILMENT_EVENT } from '../../domain/fulfilment-handoff/events';
import { runOrderOutForDelivery } from '../kitchen/out-for-delivery';
import { runPlanPaymentFailed } from '../plans/plan-payment-failed';
import { DEFAULT_RETRY_POLICY, retryDelayMs, shouldPark, type RetryPolicy } from '../../domain/followups/retry-policy';
import { runCapacityConfirm, runCapacityRelease, type CapacityJobDeps } from '../capacity/capacity-jobs';
import { CAPACITY_CONFIRM, CAPACITY_RELEASE, ORDER_OUT_FOR_DELIVERY, ORDER_PAID, ORDER_RECEIPT, ORDER_REFUNDED, PAYMENT_FAILED, PLAN_PAYMENT_FAILED } from '../../domain/followups/job-kinds';

/** How long one worker holds a job before another may assume it died and take over. */
export const FOLLOW_UP_LEASE_MS = 60_000;

export interface FollowUpDeps extends OrderPaidDeps, Omit<CapacityJobDeps, keyof OrderPaidDeps> {
  /** The queue it works through, and the orders its jobs read and give owners to. */
  store: FollowUpQueue & Pick<OrderRepository, 'getOrder' | 'assignOwner'>;
  clock: Clock;
  logger: Logger;
  /** Who signs customer emails; the configured shop when absent. */
  shop?: ShopDetails;
  retryPolicy?: RetryPolicy;
  /** [0, 1) for retry jitter; Math.random unless a test fixes it. */
  random?: () => number;
  /** Where signed order events go (FULFILMENT_WEBHOOK_URL); null or absent when the hand-off is off. */
  fulfilmentWebhook?: FulfilmentWebhookTarget | null;
}

export type FollowUpOutcome =
  | 'done'
  | 'already_done'
  | 'held_elsewhere'
  /** Failed; released with a backoff before the next attempt. */
  | 'retry_scheduled'
  /** Failed for the last allowed time (or can never run): parked as 'failed'. */
  | 'parked'
  /** Another worker took the job over while this one ran: this one's writes were refused. */
  | 'lease_lost';

const handlers: FollowUpHandlers<FollowUpDeps> = {
  [ORDER_PAID]: runOrderPaid,
  [PAYMENT_FAILED]: runPaymentFailed,
  [ORDER_RECEIPT]: runOrderReceipt,
  [ORDER_REFUNDED]: runOrderRefunded,
  [FULFILMENT_EVENT]: deliverFulfilmentEvent,
  [ORDER_OUT_FOR_DELIVERY]: runOrderOutForDelivery,
  [CAPACITY_RELEASE]: runCapacityRelease,
  [CAPACITY_CONFIRM]: runCapacityConfirm,
  [PLAN_PAYMENT_FAILED]: runPlanPaymentFailed,
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs one follow-up job if it is due and nobody else holds it, under a lease fenced by `token`.
 * Never throws for a job's own failure: the job is released with a backoff (or parked after its last
 * attempt) and the outcome says so. Store errors while claiming or finishing do propagate.
 */
export async function runFollowUp(deps: FollowUpDeps, key: string, token: string = randomUUID()): Promise<FollowUpOutcome> {
  const now = deps.clock.now();
  const job = await deps.store.claimFollowUp(key, now.toISOString(), new Date(now.getTime() + FOLLOW_UP_LEASE_MS).toISOString(), token);
  if (!job) {
    const current = await deps.store.getFollowUp(key);
    return current?.status === 'pending' ? 'held_elsewhere' : 'already_done';
  }
  const log = deps.logger.child({ followUp: job.key, attempt: job.attempts });
  try {
    await dispatchFollowUp(handlers, { ...deps, store: fencedStore(deps.store, token) }, job);
  } catch (error) {
    return settleFailure(deps, job, token, error, log);
  }
  if (!(await completeOrHandBack(deps, job, token))) {
    log.warn('follow-up finished after its lease was taken over; the new holder completes it');
    return 'lease_lost';
  }
  log.info('follow-up done');
  return 'done';
}

/**
 * Records the job done. If that write fails, the job is handed back with a backoff rather than held for the
 * rest of its lease (its steps are idempotent, so a retry only finishes the bookkeeping), then the error
 * propagates. A release that fails too, or finds the job already done, leaves it to the lease's end.
 */
async function completeOrHandBack(deps: FollowUpDeps, job: StoredFollowUp, token: string): Promise<boolean> {
  try {
    return await deps.store.completeFollowUp(job.key, token, deps.clock.now().toISOString());
  } catch (error) {
    const retryAt = new Date(deps.clock.now().getTime() + retryDelayMs(deps.retryPolicy ?? DEFAULT_RETRY_POLICY, job.attempts, deps.random));
    // Best effort, result unused: a failed or refused hand-back leaves the job to its lease's end.
    await deps.store.releaseFollowUp(job.key, token, messageOf(error), retryAt.toISOString()).catch(() => undefined);
    throw error;
  }
}

async function settleFailure(deps: FollowUpDeps, job: StoredFollowUp, token: string, error: unknown, log: Logger): Promise<FollowUpOutcome> {
  if (error instanceof LeaseLostError) {
    log.warn('follow-up lease was taken over while running; stopped');
    return 'lease_lost';
  }
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const message = messageOf(error);
  const now = deps.clock.now();
  if (error instanceof InvalidFollowUpJobError || shouldPark(policy, job.attempts)) {
    const parked = await deps.store.parkFollowUp(job.key, token, message, now.toISOString());
    log.error({ err: error }, 'follow-up parked as failed; reconciliation or an admin re-drives it');
    return parked ? 'parked' : 'lease_lost';
  }
  const delay = retryDelayMs(policy, job.attempts, deps.random);
  const released = await deps.store.releaseFollowUp(job.key, token, message, new Date(now.getTime() + delay).toISOString());
  log.warn({ err: error, retryInMs: delay }, 'follow-up failed; will retry');
  return released ? 'retry_scheduled' : 'lease_lost';
}

/**
 * Reconciliation's pass over the queue: puts parked jobs back with a fresh attempt budget, then runs
 * every due job nobody holds. Returns how many completed and how many failed again.
 */
export async function sweepFollowUps(deps: FollowUpDeps, limit = 100): Promise<{ done: number; failed: number; requeued: number }> {
  let requeued = 0;
  for (const parked of await deps.store.listFailedFollowUps(limit)) {
    if (await deps.store.requeueFollowUp(parked.key, deps.clock.now().toISOString())) requeued++;
  }
  const pending = await deps.store.listPendingFollowUps(deps.clock.now().toISOString(), limit);
  let done = 0;
  let failed = 0;
  for (const job of pending) {
    const outcome = await runFollowUp(deps, job.key).catch(() => 'retry_scheduled' as const);
    if (outcome === 'done') done++;
    else if (outcome === 'retry_scheduled' || outcome === 'parked') failed++;
  }
  return { done, failed, requeued };
}
