import { applyFact, type OrderFact } from '@/lib/domain/orders/order-state';
import type { EventLedger, OrderTransition } from '@/lib/domain/orders/event-ledger';
import type { EventRecord } from '@/lib/domain/orders/event-log';
import type { FollowUpJob } from '@/lib/domain/followups/follow-up-queue';
import { completedPaid } from '../support/order-facts';

/** A port under contract, plus closing the adapter that serves it. */
export type Opened<Port> = Port & { close(): Promise<void> };

/** A factory for a fresh, empty adapter serving the ports a suite needs. */
export type OpenStore<Port> = () => Promise<Opened<Port>>;

/**
 * For adapters whose writes are read-then-conditional-write (not one serialized transaction): a store whose
 * next write first runs `between` to completion, so a competing write lands exactly between its read and its
 * write. Deterministic, no timing: it proves the adapter's conditions, not the scheduler's luck.
 */
export interface InterleavingStore<Port> {
  store: Port;
  beforeNextWrite(between: () => Promise<void>): void;
}

export const ORDER_ID = 'cs_test_order1';

export function event(id: string, type = 'checkout.session.completed', objectId = ORDER_ID): EventRecord {
  return { id, type, objectId, apiVersion: '2026-10-28.endive', created: 100, receivedAt: '2030-01-01T00:00:00.000Z' };
}

/** A transition that counts how often the store ran it. */
export function countingTransition(eventId: string, fact: OrderFact = completedPaid, orderId = ORDER_ID): OrderTransition & { calls: number } {
  const transition = {
    calls: 0,
    orderId,
    apply(current: Parameters<OrderTransition['apply']>[0]) {
      transition.calls++;
      return applyFact(current, fact, { eventId, created: 100 });
    },
  };
  return transition;
}

/** Records an order the only way orders are written: a Stripe event through the ledger. */
export async function recordOrder(ledger: EventLedger, eventId: string, orderId: string, fact: OrderFact, options: { created?: number; followUps?: FollowUpJob[]; processedAt?: string } = {}): Promise<void> {
  const created = options.created ?? 100;
  await ledger.applyEvent(
    { id: eventId, type: 'checkout.session.completed', objectId: orderId, apiVersion: null, created, receivedAt: '2030-01-01T00:00:00.000Z' },
    { orderId, apply: (current) => applyFact(current, fact, { eventId, created }) },
    options.processedAt ?? '2030-01-01T00:00:01.000Z',
    options.followUps,
  );
}
