import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidRequest, notFound } from '../errors';
import { CAPTURE_METHODS, confirmPayment, createPaymentIntent } from '../payments/engine';
import { CANCELLATION_REASONS, cancelPaymentIntent, capturePaymentIntent, expireAuthorizationIfDue } from '../payments/capture';
import { newestFirst } from '../server/list';
import { applyMetadata, assertKnown, optBool, optEnum, optInt, optString, optStringArray, reqString } from '../server/params';
import type { Route } from '../server/route';
import { validCurrency } from './prices';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';

/** Reads a PaymentIntent, expiring its authorization first if the clock says it is due. */
export function getPaymentIntent(core: Core, id: string, param = 'id'): Stripe.PaymentIntent {
  if (!core.state.paymentIntents[id]) throw notFound('payment_intent', id, param);
  expireAuthorizationIfDue(core, id);
  const pi = core.state.paymentIntents[id];
  if (!pi) throw notFound('payment_intent', id, param);
  return pi;
}

export function getCharge(core: Core, id: string, param = 'id'): Stripe.Charge {
  const ch = core.state.charges[id];
  if (!ch) throw notFound('charge', id, param);
  return ch;
}

/** PaymentIntents (retrieve/list, plus create+confirm with magic `pm_card_*` ids for `stripe trigger`) and charges. */
export function paymentIntentRoutes(core: Core, resolvePm: (id: string) => Stripe.PaymentMethod): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/payment_intents',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, [
          'amount', 'currency', 'description', 'metadata', 'payment_method', 'payment_method_types', 'confirm',
          'receipt_email', 'expand', 'automatic_payment_methods', 'return_url', 'capture_method', 'confirmation_method',
        ]);
        const confirmationMethod = optEnum(p, 'confirmation_method', ['automatic', 'manual'] as const);
        const captureMethod = optEnum(p, 'capture_method', CAPTURE_METHODS);
        const amount = optInt(p, 'amount', 'amount', { min: 1, max: 99999999 });
        if (amount === undefined) reqString(p, 'amount');
        let pi = createPaymentIntent(
          core,
          {
            amount: amount ?? 0,
            currency: validCurrency(p, 'currency'),
            description: optString(p, 'description') ?? null,
            metadata: applyMetadata({}, p),
            receiptEmail: optString(p, 'receipt_email') ?? null,
            shipping: null,
            paymentMethodTypes: optStringArray(p, 'payment_method_types') ?? ['card'],
            ...(captureMethod ? { captureMethod } : {}),
            ...(confirmationMethod ? { confirmationMethod } : {}),
          },
          req.ctx,
        );

        const pmId = optString(p, 'payment_method');
        if (optBool(p, 'confirm') && pmId) pi = confirmPayment(core, pi.id, resolvePm(pmId), req.ctx);
        else if (pmId) {
          pi = { ...pi, payment_method: resolvePm(pmId).id, status: 'requires_confirmation' };
          core.state.paymentIntents[pi.id] = pi;
        }
        return expandFor(core, pi, p);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_intents/:id/confirm',
      handler: (req) => {
        const pi = getPaymentIntent(core, req.pathParams['id'] ?? '');
        assertKnown(req.params, ['payment_method', 'expand', 'return_url']);
        const pmId = optString(req.params, 'payment_method') ?? (typeof pi.payment_method === 'string' ? pi.payment_method : null);
        if (!pmId) reqString(req.params, 'payment_method');
        return expandFor(core, confirmPayment(core, pi.id, resolvePm(pmId ?? ''), req.ctx), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_intents/:id/capture',
      handler: (req) => {
        const pi = getPaymentIntent(core, req.pathParams['id'] ?? '');
        assertKnown(req.params, ['amount_to_capture', 'expand', 'final_capture', 'metadata']);
        if (optBool(req.params, 'final_capture') === false) {
          throw invalidRequest('Multicapture (final_capture=false) is not available on this account.', 'final_capture', 'parameter_invalid');
        }
        const amount = optInt(req.params, 'amount_to_capture', 'amount_to_capture', { min: 1, max: 99999999 });
        if (req.params['metadata'] !== undefined) core.state.paymentIntents[pi.id] = { ...pi, metadata: applyMetadata(pi.metadata, req.params) };
        return expandFor(core, capturePaymentIntent(core, pi.id, amount, req.ctx), req.params);
      },
    },
    {
      method: 'POST',
      pattern: '/v1/payment_intents/:id/cancel',
      handler: (req) => {
        const pi = getPaymentIntent(core, req.pathParams['id'] ?? '');
        assertKnown(req.params, ['cancellation_reason', 'expand']);
        const reason = optEnum(req.params, 'cancellation_reason', CANCELLATION_REASONS) ?? null;
        return expandFor(core, cancelPaymentIntent(core, pi.id, reason, req.ctx), req.params);
      },
    },
    ...readRoutes(core, { path: '/v1/payment_intents', retrieve: (id) => getPaymentIntent(core, id), list: () => newestFirst(core.state.paymentIntents) }),
    ...readRoutes(core, {
      path: '/v1/charges',
      retrieve: (id) => getCharge(core, id),
      query: ['payment_intent'],
      list: (p) => {
        const pi = optString(p, 'payment_intent');
        return newestFirst(core.state.charges).filter((c) => !pi || c.payment_intent === pi);
      },
    }),
  ];
}
