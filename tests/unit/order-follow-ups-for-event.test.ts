import { describe, expect, it } from 'vitest';
import { orderFollowUpsForEvent } from '@/lib/domain/webhooks/order-event-facts';
import type { CheckoutSessionShape } from '@/lib/domain/webhooks/stripe-shapes';

const paidSession = (mode: string): CheckoutSessionShape => ({
  id: 'cs_test_plan1',
  mode,
  payment_status: 'paid',
  currency: 'gbp',
  amount_subtotal: 4_500,
  amount_total: 4_500,
  customer_details: { email: 'ada@example.com', name: 'Ada' },
  customer_email: null,
  metadata: null,
  payment_intent: null,
  created: 1_900_000_000,
});

describe('order work owed after a session event', () => {
  it('owes account provisioning and the receipt for a paid one-time checkout', () => {
    expect(orderFollowUpsForEvent({ type: 'checkout.session.completed', data: { object: paidSession('payment') } }).map((job) => job.kind)).toEqual([
      'order-paid',
      'order-receipt',
    ]);
  });

  it('owes nothing for a plan’s subscription checkout, even paid: its invoices become the orders', () => {
    expect(orderFollowUpsForEvent({ type: 'checkout.session.completed', data: { object: paidSession('subscription') } })).toEqual([]);
    expect(orderFollowUpsForEvent({ type: 'checkout.session.async_payment_succeeded', data: { object: paidSession('subscription') } })).toEqual([]);
  });
});
