import type Stripe from 'stripe';
import type { Clock } from '../../domain/clock';
import type { Order, OrderStatus } from '../../domain/orders/order';
import type { OrderRepository } from '../../domain/orders/order-repository';
import { advance, canMove, FULFILMENT_LABELS, fulfilmentOf, type FulfilmentStatus } from '../../domain/kitchen/fulfilment';
import { outForDeliveryJob } from './out-for-delivery';
import type { FulfilmentWebhookTarget } from '../fulfilment-handoff/deliver';
import { fulfilmentJobs, fulfilmentUpdatedJobFor } from '../../domain/fulfilment-handoff/events';

/** Refunds what is left of an order's payment in Stripe (the charge.refunded webhook then records it). */
export type RefundInFull = (order: Order, cancelledBy: string) => Promise<void>;

export interface ChangeFulfilmentDeps {
  store: Pick<OrderRepository, 'getOrder' | 'updateFulfilment'>;
  clock: Clock;
  refundInFull: RefundInFull;
  /** The fulfilment hand-off (FULFILMENT_WEBHOOK_URL): when set, each change also queues order.fulfilment_updated. */
  fulfilmentWebhook?: FulfilmentWebhookTarget | null;
}

export interface FulfilmentChangeRequest {
  orderId: string;
  to: FulfilmentStatus;
  /** The fulfilment version the staff member's page showed. */
  expectedVersion: number;
}

export type ChangeFulfilmentResult =
  | { ok: true; order: Order }
  | { ok: false; status: 404 | 409 | 422; message: string };

/** Only orders that were paid are cooked; a fully refunded one may still be marked cancelled. */
const KITCHEN_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'partially_refunded', 'refunded']);

/**
 * A staff member moves an order along (the caller checked they are staff). The move must be legal from
 * the state the staff member saw; a cancellation first refunds the payment in full through Stripe (once,
 * by idempotency key), and going out for delivery enqueues the customer's email in the same write.
 */
export async function changeFulfilment(deps: ChangeFulfilmentDeps, staffEmail: string, request: FulfilmentChangeRequest): Promise<ChangeFulfilmentResult> {
  const order = await deps.store.getOrder(request.orderId);
  if (!order) return { ok: false, status: 404, message: 'No such order.' };
  if (!KITCHEN_STATUSES.has(order.status)) return { ok: false, status: 422, message: 'This order is not paid, so the kitchen has nothing to do with it yet.' };
  const current = fulfilmentOf(order);
  if (current.version !== request.expectedVersion) return stale(current.status);
  if (!canMove(current.status, request.to)) {
    return { ok: false, status: 422, message: `An order that is ${FULFILMENT_LABELS[current.status].toLowerCase()} cannot be moved to ${FULFILMENT_LABELS[request.to].toLowerCase()}.` };
  }
  if (request.to === 'cancelled' && order.status !== 'refunded') await deps.refundInFull(order, staffEmail);

  const next = advance(current, request.to, { at: deps.clock.now().toISOString(), by: staffEmail });
  const jobs = [
    ...(request.to === 'out_for_delivery' ? [outForDeliveryJob(order.id)] : []),
    ...fulfilmentJobs(Boolean(deps.fulfilmentWebhook), [fulfilmentUpdatedJobFor(order.id, current.status, next.history.at(-1)!)]),
  ];
  const written = await deps.store.updateFulfilment(order.id, request.expectedVersion, next, jobs, next.history.at(-1)!.at);
  if (written.outcome === 'not_found') return { ok: false, status: 404, message: 'No such order.' };
  if (written.outcome === 'stale') return stale(fulfilmentOf(written.order).status);
  return { ok: true, order: written.order };
}

function stale(now: FulfilmentStatus): ChangeFulfilmentResult {
  return { ok: false, status: 409, message: `Someone else changed this order meanwhile (it is now ${FULFILMENT_LABELS[now].toLowerCase()}). Reload and try again.` };
}

/** The Stripe refund for a cancelled order: the whole remaining amount, at most once per order. */
export function stripeRefundInFull(stripe: Stripe): RefundInFull {
  return async (order, cancelledBy) => {
    if (!order.paymentIntentId) throw new Error(`Order ${order.id} has no payment to refund`);
    await stripe.refunds.create(
      { payment_intent: order.paymentIntentId, reason: 'requested_by_customer', metadata: { order_id: order.id, cancelled_by: cancelledBy } },
      { idempotencyKey: `kitchen-cancel:${order.id}` },
    );
  };
}
