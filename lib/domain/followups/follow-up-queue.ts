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

/**
 * The follow-up queue port: leases, progress, retries and parking of enqueued jobs. Jobs are enqueued
 * only together with the write that owes them (EventLedger.applyEvent, OrderRepository.updateFulfilment),
 * so the queue itself has no "enqueue".
 */
export interface FollowUpQueue {
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
}
