/**
 * The name of every kind of follow-up job. Names are stored with each job, so they never change; the handlers
 * that run them live in lib/services, the payload each kind carries in ./jobs.ts.
 */
export const ORDER_PAID = 'order-paid';
export const PAYMENT_FAILED = 'payment-failed';
export const ORDER_RECEIPT = 'order-receipt';
export const ORDER_REFUNDED = 'order-refunded';
export const ORDER_OUT_FOR_DELIVERY = 'order-out-for-delivery';
export const CAPACITY_RELEASE = 'capacity-release';
export const CAPACITY_CONFIRM = 'capacity-confirm';
export const PLAN_PAYMENT_FAILED = 'plan-payment-failed';
