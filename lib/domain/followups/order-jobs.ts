import type { FollowUpJob } from './follow-up-queue';
import { ORDER_PAID, ORDER_RECEIPT, ORDER_REFUNDED, PAYMENT_FAILED } from './job-kinds';

/** The follow-up every paid order gets, once: keyed by order, whichever event reported the payment. */
export function orderPaidJob(orderId: string): FollowUpJob {
  return { key: `${ORDER_PAID}:${orderId}`, kind: ORDER_PAID, payload: { orderId } };
}

/** Every paid order's confirmation email, once, whether or not the buyer also gets an invitation. */
export function orderReceiptJob(orderId: string): FollowUpJob {
  return { key: `${ORDER_RECEIPT}:${orderId}`, kind: ORDER_RECEIPT, payload: { orderId } };
}

/**
 * One email per refunded total (a charge's cumulative refunded amount), so a second partial refund
 * gets its own email and a redelivered refund event none. A full refund is the order's cancellation.
 */
export function orderRefundedJob(orderId: string, amountRefunded: number, fullyRefunded: boolean): FollowUpJob {
  return { key: `${ORDER_REFUNDED}:${orderId}:${amountRefunded}`, kind: ORDER_REFUNDED, payload: { orderId, amountRefunded, fullyRefunded } };
}

/** Tells the buyer their delayed payment failed, once. */
export function paymentFailedJob(orderId: string): FollowUpJob {
  return { key: `${PAYMENT_FAILED}:${orderId}`, kind: PAYMENT_FAILED, payload: { orderId } };
}
