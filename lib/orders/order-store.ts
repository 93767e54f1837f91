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

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * The order store port. Adapters: SQLite (local default) and Amplify Data (cloud).
 * Every adapter passes the same contract suite in tests/contracts.
 */
export interface OrderStore {
  getEvent(id: string): Promise<StoredEvent | null>;
  /**
   * Atomically: if the event was already processed (or ignored), do nothing and return 'duplicate';
   * otherwise apply the transition (if any) and mark the event processed — both or neither.
   * Safe under concurrent calls with the same event id.
   */
  applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string): Promise<ApplyOutcome>;
  /** Notes a failed attempt (status 'failed', last error, attempt count) without touching any order. */
  recordEventFailure(event: EventRecord, error: string): Promise<void>;
  getOrder(id: string): Promise<Order | null>;
  listEvents(): Promise<StoredEvent[]>;
  listOrders(): Promise<Order[]>;
  close(): Promise<void>;
}
