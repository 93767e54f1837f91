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

/**
 * The event log port: which Stripe events the shop has seen and how processing each one went.
 * Recording an event as processed is not here: it commits with the event's effect (./event-ledger.ts).
 */
export interface EventLog {
  getEvent(id: string): Promise<StoredEvent | null>;
  /** Notes a failed attempt (status 'failed', last error, attempt count) without touching any order. */
  recordEventFailure(event: EventRecord, error: string): Promise<void>;
}
