import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import { orderRefundedJob } from '@/lib/domain/followups/order-jobs';
import { parseFollowUpJob } from '@/lib/domain/followups/jobs';
import {
  fulfilmentJobs,
  FULFILMENT_EVENT,
  fulfilmentUpdatedJobFor,
  orderFulfilmentUpdatedJob,
  orderPaidEventJob,
  orderRefundedEventJob,
  type FulfilmentEventPayload,
} from '@/lib/domain/fulfilment-handoff/events';
import { fulfilmentJobsFor } from '@/lib/services/fulfilment-handoff/jobs-for-event';
import { buildFulfilmentEvent, FULFILMENT_API_VERSION } from '@/lib/domain/fulfilment-handoff/payload';
import { signatureHeader } from '@/lib/domain/fulfilment-handoff/signature';
import { applyFact } from '@/lib/domain/orders/order-state';
import { orderNumberFor } from '@/lib/domain/orders/order-number';
import { sessionSnapshot } from '../support/order-facts';

const SECRET = 'fulfilment_secret_0123456789abcdef';

describe('Harvest-Signature', () => {
  it('is Stripe’s scheme: the stripe SDK verifies it with the same secret, and refuses another secret or body', () => {
    const body = JSON.stringify({ id: 'hevt_1', type: 'order.paid' });
    const now = Math.floor(Date.now() / 1000);
    const header = signatureHeader(body, SECRET, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const stripe = new Stripe('sk_test_signature_check');
    expect(() => stripe.webhooks.constructEvent(body, header, SECRET)).not.toThrow();
    expect(() => stripe.webhooks.constructEvent(body, header, `${SECRET}x`)).toThrow();
    expect(() => stripe.webhooks.constructEvent(body.replace('paid', 'refunded'), header, SECRET)).toThrow();
  });

  it('signs the timestamp: a different time gives a different signature', () => {
    const body = '{"id":"hevt_1"}';
    expect(signatureHeader(body, SECRET, 1000).split(',')[1]).not.toBe(signatureHeader(body, SECRET, 1001).split(',')[1]);
  });
});

describe('fulfilment event jobs', () => {
  it('have stable ids: the same cause gives the same job and id; different causes differ', () => {
    expect(orderPaidEventJob('cs_1', 10)).toEqual(orderPaidEventJob('cs_1', 10));
    const ids = [
      orderPaidEventJob('cs_1', 10),
      orderPaidEventJob('cs_2', 10),
      orderRefundedEventJob('cs_1', 11, 500, false),
      orderRefundedEventJob('cs_1', 12, 1000, true),
      orderFulfilmentUpdatedJob('cs_1', { status: 'preparing', previousStatus: 'received', changedBy: 'chef@example.com', changedAt: 20 }),
      orderFulfilmentUpdatedJob('cs_1', { status: 'out_for_delivery', previousStatus: 'preparing', changedBy: null, changedAt: 30 }),
    ].map((job) => job.payload.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^hevt_[0-9a-f]{24}$/);
  });

  it('pass the queue’s job validation', () => {
    const job = orderRefundedEventJob('cs_1', 11, 500, false);
    expect(parseFollowUpJob(job)).toMatchObject({ kind: FULFILMENT_EVENT, payload: { type: 'order.refunded', refund: { amountRefunded: 500 } } });
    expect(() => parseFollowUpJob({ ...job, payload: { ...job.payload, type: 'order.shipped' } })).toThrow();
  });

  it('mirror what the Stripe event owes the customer: paid → order.paid, a refund → order.refunded, nothing else', () => {
    const jobs = fulfilmentJobsFor([orderPaidJob('cs_1'), orderReceiptJob('cs_1'), orderRefundedJob('cs_1', 700, true)], 42);
    expect(jobs).toEqual([orderPaidEventJob('cs_1', 42), orderRefundedEventJob('cs_1', 42, 700, true)]);
  });

  it('are queued only when a receiver is configured', () => {
    const change = orderFulfilmentUpdatedJob('cs_1', { status: 'delivered', previousStatus: 'out_for_delivery', changedBy: null, changedAt: 1 });
    expect(fulfilmentJobs(false, [change])).toEqual([]);
    expect(fulfilmentJobs(true, [change])).toEqual([change]);
  });
});

describe('the event body', () => {
  const order = applyFact(null, { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ deliveryWindow: '12:00-14:00' }) }, { eventId: 'evt_1', created: 5 });

  it('carries the order in the documented shape with its delivery details', () => {
    const payload = orderPaidEventJob(order.id, 77).payload as FulfilmentEventPayload;
    const event = buildFulfilmentEvent(payload, order);
    expect(event).toMatchObject({
      id: payload.eventId,
      object: 'event',
      type: 'order.paid',
      api_version: FULFILMENT_API_VERSION,
      created: 77,
      data: {
        object: {
          id: order.id,
          object: 'order',
          order_number: orderNumberFor(order.id),
          status: 'paid',
          amount_total: 78800,
          customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
          shipping: { name: 'Ada Lovelace', address: { line1: '1 Main St', postal_code: '62701', country: 'US' } },
          delivery: { date: '2030-01-15', window: '12:00-14:00' },
          payment_intent: 'pi_1',
          fulfilment_status: 'received',
        },
      },
    });
    expect(event.data.object.items).toEqual([
      { name: 'Grand Grazing Board', quantity: 2, unit_amount: 28900, amount_total: 57800, serves: null, price_id: 'price_a', product_id: 'prod_a' },
      { name: 'Petite Dessert Table', quantity: 1, unit_amount: 21000, amount_total: 21000, serves: null, price_id: 'price_b', product_id: 'prod_b' },
    ]);
    expect(event.data).not.toHaveProperty('refund');
  });

  it('adds the refund or the fulfilment change of its own event', () => {
    const refunded = buildFulfilmentEvent(orderRefundedEventJob(order.id, 1, 1000, false).payload as FulfilmentEventPayload, order);
    expect(refunded.data.refund).toEqual({ amount_refunded: 1000, fully_refunded: false });
    const change = orderFulfilmentUpdatedJob(order.id, { status: 'preparing', previousStatus: 'received', changedBy: 'chef@example.com', changedAt: 9 });
    const updated = buildFulfilmentEvent(change.payload as FulfilmentEventPayload, order);
    expect(fulfilmentUpdatedJobFor(order.id, 'received', { status: 'preparing', at: '1970-01-01T00:00:09.000Z', by: 'chef@example.com' })).toEqual(change);
    expect(updated).toMatchObject({ type: 'order.fulfilment_updated', created: 9, data: { fulfilment: { status: 'preparing', previous_status: 'received', changed_by: 'chef@example.com' } } });
  });
});
