import type { FollowUpJob } from '../followups/follow-up-queue';
import type { EventRecord } from './event-log';
import type { Order } from './order';

/** A read-modify-write of one order, run by the store atomically with recording the event. */
export interface OrderTransition {
  orderId: string;
  apply(current: Order | null): Order;
}

export type ApplyOutcome = 'applied' | 'duplicate';

/**
 * The event ledger port: webhook processing's one unit of work. Recording an event as processed, the
 * order change it causes and the follow-up jobs it owes commit together or not at all — otherwise a
 * crash between them would lose an email or apply an event twice. No single role owns that write, so it
 * is a port of its own, and its adapter is necessarily the object that also implements EventLog,
 * OrderRepository and FollowUpQueue over the same connection (one SQLite IMMEDIATE transaction; one
 * DynamoDB TransactWriteItems across the three Amplify tables). Its contract reads the effects back
 * through those ports.
 */
export interface EventLedger {
  /**
   * Atomically: if the event was already processed (or ignored), do nothing and return 'duplicate';
   * otherwise apply the transition (if any), enqueue the follow-ups (if not already enqueued) and mark
   * the event processed — all or nothing. Safe under concurrent calls with the same event id.
   */
  applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string, followUps?: FollowUpJob[]): Promise<ApplyOutcome>;
}
