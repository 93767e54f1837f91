import type { CursorStore } from '../reconcile/cursor-store';
import type { FollowUpQueue } from '../followups/follow-up-queue';
import type { EventLedger } from './event-ledger';
import type { EventLog } from './event-log';
import type { OrderRepository } from './order-repository';

/**
 * One backend's store (SQLite locally, Amplify Data in the cloud): a single adapter object implementing
 * every store port over one connection, because EventLedger's and OrderRepository's atomic writes span
 * their tables. Only the composition root (and tests) hold it whole; every consumer takes the port(s) it
 * uses. Each port has its own contract suite in tests/contracts, run against both adapters.
 */
export interface OrderStoreBackend extends EventLog, EventLedger, OrderRepository, FollowUpQueue, CursorStore {
  close(): Promise<void>;
}
