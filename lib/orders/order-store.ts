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

export type FollowUpStatus = 'pending' | 'done';

export interface StoredFollowUp extends FollowUpJob {
  status: FollowUpStatus;
  /** Progress a job records between its steps, so a retry resumes instead of repeating. */
  progress: Record<string, unknown>;
  attempts: number;
  lastError: string | null;
  /** While set and in the future, one worker holds the job (ISO 8601). */
  claimedUntil: string | null;
  createdAt: string;
  completedAt: string | null;
}

export type ApplyOutcome = 'applied' | 'duplicate';

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

  /** Takes a pending job for a lease, unless someone else holds it; null if done, held or unknown. */
  claimFollowUp(key: string, now: string, leaseUntil: string): Promise<StoredFollowUp | null>;
  /** Records progress on a claimed job. */
  saveFollowUpProgress(key: string, progress: Record<string, unknown>): Promise<void>;
  completeFollowUp(key: string, completedAt: string): Promise<void>;
  /** Releases a claimed job after a failure so a retry can take it. */
  releaseFollowUp(key: string, error: string): Promise<void>;
  getFollowUp(key: string): Promise<StoredFollowUp | null>;
  /** Pending jobs not currently held, oldest first. */
  listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]>;

  /** A named position (e.g. reconciliation's last fully processed event time, unix seconds). */
  getCursor(name: string): Promise<number | null>;
  setCursor(name: string, value: number): Promise<void>;

  close(): Promise<void>;
}
