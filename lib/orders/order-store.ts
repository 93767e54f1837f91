import type { OrderFulfilment } from '../kitchen/fulfilment';
import type { Order } from './order';

/** What we keep about every verified Stripe event. */
export interface EventRecord {
  id: string;
  type: string;
  objectId: string | null;
  apiVersion: string | null;
  /** Stripe's creation time (unix seconds). */
  created: number;
  /** When this delivery reached us (ISO 8601). */
  receivedAt: string;
}

export type EventStatus = 'processed' | 'ignored' | 'failed';

export interface StoredEvent extends EventRecord {
  status: EventStatus;
  processedAt: string | null;
  lastError: string | null;
  attempts: number;
}

/** A read-modify-write of one order, run by the store atomically with recording the event. */
export interface OrderTransition {
  orderId: string;
  apply(current: Order | null): Order;
}

/**
 * Work that must happen after an event is applied (provision the buyer's account, send an email).
 * Enqueued in the same transaction as the event, so it is never lost; run and retried until done.
 */
export interface FollowUpJob {
  /** Unique and deterministic (e.g. "order-paid:cs_test_…"), so enqueueing twice is a no-op. */
  key: string;
  kind: string;
  payload: Record<string, unknown>;
}

/** 'failed': parked after too many attempts; listed for admins and re-driven by reconciliation. */
export type FollowUpStatus = 'pending' | 'done' | 'failed';

export interface StoredFollowUp extends FollowUpJob {
  status: FollowUpStatus;
  /** Progress a job records between its steps, so a retry resumes instead of repeating. */
  progress: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  /**
   * While set and in the future, nobody may take the job (ISO 8601): a worker's lease, or after a failure
   * the time before which it is not retried (backoff).
   */
  claimedUntil: string | null;
  /** The fencing token of the current lease; writes made under an older token are refused. */
  claimToken: string | null;
  createdAt: string;
  completedAt: string | null;
}

export type ApplyOutcome = 'applied' | 'duplicate';

/** A staff fulfilment write: done, refused because someone changed it since it was read, or no such order. */
export type FulfilmentWriteOutcome = { outcome: 'updated'; order: Order } | { outcome: 'stale'; order: Order } | { outcome: 'not_found' };

/**
 * The order store port. Adapters: SQLite (local default) and Amplify Data (cloud).
 * Every adapter passes the same contract suite in tests/contracts.
 */
export interface OrderStore {
  getEvent(id: string): Promise<StoredEvent | null>;
  /**
   * Atomically: if the event was already processed (or ignored), do nothing and return 'duplicate';
   * otherwise apply the transition (if any), enqueue the follow-ups (if not already enqueued) and mark
   * the event processed — all or nothing. Safe under concurrent calls with the same event id.
   */
  applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string, followUps?: FollowUpJob[]): Promise<ApplyOutcome>;
  /** Notes a failed attempt (status 'failed', last error, attempt count) without touching any order. */
  recordEventFailure(event: EventRecord, error: string): Promise<void>;
  getOrder(id: string): Promise<Order | null>;
  listEvents(): Promise<StoredEvent[]>;
  listOrders(): Promise<Order[]>;

  /** Orders owned by this account, newest first. */
  listOrdersByOwner(owner: string): Promise<Order[]>;
  /** Sets the owner if the order has none; returns the order as stored (whoever owned it first keeps it). */
  assignOwner(orderId: string, owner: string): Promise<Order | null>;
  /** Gives every unowned order paid with this email (case-insensitive) to the owner; returns how many. */
  claimOrdersByEmail(email: string, owner: string): Promise<number>;

  /**
   * Takes a pending job for a lease under a fresh fencing token, unless it is held or not yet due;
   * null if done, parked, held, not due or unknown. Every later write on the job names the token and
   * is refused (false) once another worker has taken the job over, so a stale holder can never finish it.
   */
  claimFollowUp(key: string, now: string, leaseUntil: string, token: string): Promise<StoredFollowUp | null>;
  /** Records progress on a claimed job. Without a token (legacy callers) it is not fenced. */
  saveFollowUpProgress(key: string, progress: Record<string, unknown>, token?: string): Promise<boolean>;
  completeFollowUp(key: string, token: string, completedAt: string): Promise<boolean>;
  /** Gives a claimed job back after a failure; nobody takes it before `retryAt` (backoff). */
  releaseFollowUp(key: string, token: string, error: string, retryAt: string): Promise<boolean>;
  /** Parks a claimed job as 'failed' after its last allowed attempt. */
  parkFollowUp(key: string, token: string, error: string, parkedAt: string): Promise<boolean>;
  /** Puts a parked job back in the queue with a fresh attempt budget (reconciliation, an admin). */
  requeueFollowUp(key: string, now: string): Promise<boolean>;
  getFollowUp(key: string): Promise<StoredFollowUp | null>;
  /** Pending jobs not currently held and due by `now`, oldest first. */
  listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]>;
  /** Parked jobs, oldest first (for admins and reconciliation). */
  listFailedFollowUps(limit: number): Promise<StoredFollowUp[]>;

  /** The order paid with this payment intent, if the store has seen its Checkout Session. */
  findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null>;

  /** A named position (e.g. reconciliation's last fully processed event time, unix seconds). */
  getCursor(name: string): Promise<number | null>;
  setCursor(name: string, value: number): Promise<void>;

  close(): Promise<void>;

  /** Orders whose delivery date (YYYY-MM-DD) lies in [from, to], by date, window, then id. */
  listOrdersByDeliveryDate(from: string, to: string): Promise<Order[]>;
  /**
   * Atomically: if the order's fulfilment is still at `expectedVersion` (0: never moved), store `next`
   * and enqueue the follow-ups (if not already enqueued); otherwise change nothing and answer 'stale'
   * with the order as it now is. Never touches the payment status.
   */
  updateFulfilment(orderId: string, expectedVersion: number, next: OrderFulfilment, followUps: FollowUpJob[], now: string): Promise<FulfilmentWriteOutcome>;
}
