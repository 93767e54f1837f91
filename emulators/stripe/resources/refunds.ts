import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { newestFirst } from '../server/list';
import { applyMetadata, assertKnown, optInt, optString } from '../server/params';
import type { Route } from '../server/route';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';
import { getCharge, getPaymentIntent } from './payment-intents';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function getRefund(core: Core, id: string): Stripe.Refund {
  const r = core.state.refunds[id];
  if (!r) throw notFound('refund', id);
  return r;
}

export function refundRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/refunds',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['charge', 'payment_intent', 'amount', 'metadata', 'reason', 'expand', 'instructions_email']);
        const chargeId = optString(p, 'charge');
        const piId = optString(p, 'payment_intent');
        if (!chargeId && !piId) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', 'charge');
        let charge: Stripe.Charge;
        if (chargeId) charge = getCharge(core, chargeId, 'charge');
        else {
          const pi = getPaymentIntent(core, piId ?? '', 'payment_intent');
          const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
          if (pi.status !== 'succeeded' || !latest) {
            throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
          }
          charge = getCharge(core, latest, 'payment_intent');
        }
        if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, 'charge', 'charge_not_refundable');
        const remaining = charge.amount - charge.amount_refunded;
        if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
        const amount = optInt(p, 'amount', 'amount', { min: 1 }) ?? remaining;
        if (amount > remaining) {
          throw invalidRequest(
            `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(remaining / 100).toFixed(2)})`,
            'amount',
            'amount_too_large',
          );
        }
        const reasonRaw = optString(p, 'reason');
        const reason = reasonRaw === undefined ? null : (REASONS.find((r) => r === reasonRaw) ?? null);
        if (reasonRaw !== undefined && reason === null) throw invalidRequest(`Invalid reason: ${reasonRaw}`, 'reason', 'parameter_invalid_string');
        const refund = {
          id: newId('re'),
          object: 'refund',
          amount,
          balance_transaction: newId('txn'),
          charge: charge.id,
          created: core.nowSeconds(),
          currency: charge.currency,
          customer: null,
          customer_account: null,
          destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
          metadata: applyMetadata({}, p),
          payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
          payment_method: charge.payment_method,
          reason,
          receipt_number: null,
          source_transfer_reversal: null,
          status: 'succeeded',
          transfer_reversal: null,
        } satisfies Stripe.Refund;
        core.state.refunds[refund.id] = refund;
        const refunds = Object.values(core.state.refunds).filter((r) => r.charge === charge.id).reverse();
        const updatedCharge: Stripe.Charge = {
          ...charge,
          amount_refunded: charge.amount_refunded + amount,
          refunded: charge.amount_refunded + amount >= charge.amount,
          refunds: { object: 'list', data: refunds, has_more: false, url: `/v1/charges/${charge.id}/refunds` },
        };
        core.state.charges[charge.id] = updatedCharge;
        core.emit('refund.created', refund, req.ctx);
        core.emit('charge.refunded', updatedCharge, req.ctx, {
          amount_refunded: charge.amount_refunded,
          refunded: charge.refunded,
          refunds: charge.refunds ?? null,
        });
        return expandFor(core, refund, p);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/refunds/:id',
      handler: (req) => {
        const r = getRefund(core, req.pathParams['id'] ?? '');
        assertKnown(req.params, ['metadata', 'expand']);
        const updated: Stripe.Refund = { ...r, metadata: applyMetadata(r.metadata ?? {}, req.params) };
        core.state.refunds[r.id] = updated;
        core.emit('refund.updated', updated, req.ctx, { metadata: r.metadata });
        core.emit('charge.refund.updated', updated, req.ctx, { metadata: r.metadata });
        return expandFor(core, updated, req.params);
      },
    },
    ...readRoutes(core, {
      path: '/v1/refunds',
      retrieve: (id) => getRefund(core, id),
      query: ['charge', 'payment_intent'],
      list: (p) => {
        const ch = optString(p, 'charge');
        const pi = optString(p, 'payment_intent');
        return newestFirst(core.state.refunds).filter((r) => (!ch || r.charge === ch) && (!pi || r.payment_intent === pi));
      },
    }),
  ];
}
