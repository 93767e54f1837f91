import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { StripeApiError, invalidRequest } from '../errors';
import { newId, randomId } from '../ids';
import { cardInfo, type Decline } from './test-cards';
import { accountOutcome } from './test-bank-accounts';
import { ibanOutcome } from './test-ibans';

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  shipping: Stripe.PaymentIntent.Shipping | null;
  paymentMethodTypes: string[];
  /** `manual` authorizes only (requires_capture); default `automatic_async`, as Stripe. */
  captureMethod?: CaptureMethod;
  /** `manual`: only the secret key confirms (Local Stripe has no publishable-key confirm, so it is only recorded). */
  confirmationMethod?: 'automatic' | 'manual';
}

export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

/** Card authorizations Stripe holds before releasing them (online, customer-initiated): 7 days. */
export const AUTHORIZATION_VALIDITY_S = 7 * 24 * 3600;

/**
 * How long an async (SEPA) payment confirmed through the API stays `processing` (kept short so
 * `stripe trigger checkout.session.async_payment_*` fires promptly); the hosted page uses
 * the `asyncPaymentDelayMs` option instead.
 */
export const ASYNC_SETTLE_MS = 500;

export function createPaymentIntent(core: Core, input: PaymentIntentInput, ctx: RequestContext): Stripe.PaymentIntent {
  const id = newId('pi');
  const pi = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: input.captureMethod ?? 'automatic_async',
    client_secret: `${id}_secret_${randomId(25)}`,
    confirmation_method: input.confirmationMethod ?? 'automatic',
    created: core.nowSeconds(),
    currency: input.currency,
    customer: null,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: input.shipping,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  } satisfies Stripe.PaymentIntent;
  core.state.paymentIntents[id] = pi;
  core.emit('payment_intent.created', pi, ctx);
  return pi;
}

function buildCharge(core: Core, pi: Stripe.PaymentIntent, pm: Stripe.PaymentMethod, decline: Decline | undefined, pending: boolean): Stripe.Charge {
  const id = newId('ch');
  const failed = decline !== undefined;
  const card = pm.card;
  const paymentMethodDetails: Stripe.Charge.PaymentMethodDetails = card
    ? {
        type: 'card',
        card: {
          amount_authorized: failed ? null : pi.amount,
          authorization_code: failed ? null : String(100000 + Math.floor(Math.random() * 899999)),
          brand: card.brand,
          checks: { address_line1_check: null, address_postal_code_check: pm.billing_details.address?.postal_code ? 'pass' : null, cvc_check: 'pass' },
          country: card.country,
          electronic_commerce_indicator: null,
          transaction_link_id: null,
          exp_month: card.exp_month,
          exp_year: card.exp_year,
          extended_authorization: { status: 'disabled' },
          fingerprint: card.fingerprint ?? null,
          funding: card.funding,
          incremental_authorization: { status: 'unavailable' },
          installments: null,
          last4: card.last4,
          mandate: null,
          multicapture: { status: 'unavailable' },
          network: card.brand,
          network_token: { used: false },
          network_transaction_id: failed ? null : randomId(15),
          overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
          regulated_status: 'unregulated',
          three_d_secure: null,
          wallet: null,
        },
      }
    : pm.us_bank_account
      ? {
          type: 'us_bank_account',
          us_bank_account: {
            account_holder_type: pm.us_bank_account.account_holder_type,
            account_type: pm.us_bank_account.account_type,
            bank_name: pm.us_bank_account.bank_name,
            fingerprint: pm.us_bank_account.fingerprint,
            last4: pm.us_bank_account.last4,
            payment_reference: null,
            routing_number: pm.us_bank_account.routing_number,
          },
        }
      : {
          type: pm.type,
          sepa_debit: {
            bank_code: pm.sepa_debit?.bank_code ?? null,
            branch_code: pm.sepa_debit?.branch_code ?? null,
            country: pm.sepa_debit?.country ?? null,
            fingerprint: pm.sepa_debit?.fingerprint ?? null,
            last4: pm.sepa_debit?.last4 ?? null,
            mandate: null,
          },
        };
  const charge = {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: failed || pending ? 0 : pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: failed || pending ? null : newId('txn'),
    billing_details: {
      address: pm.billing_details.address,
      email: pm.billing_details.email,
      name: pm.billing_details.name,
      phone: pm.billing_details.phone,
      tax_id: null,
    },
    calculated_statement_descriptor: 'LOCAL STRIPE',
    captured: !failed && !pending,
    created: core.nowSeconds(),
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: decline
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'declined_by_network',
          reason: decline.declineCode,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'Payment complete.',
          type: 'authorized',
        },
    paid: !failed && !pending,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: paymentMethodDetails,
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: failed ? null : `${core.options.publicUrl}/receipts/${id}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
    review: null,
    shipping: pi.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: failed ? 'failed' : pending ? 'pending' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  } satisfies Stripe.Charge;
  return charge;
}

export interface AsyncSettlement {
  /** Delay before a SEPA payment settles; default ASYNC_SETTLE_MS. */
  delayMs?: number;
  /** The Checkout Session being paid: it gets async_payment_* when the payment settles. */
  sessionId?: string | null;
}

/**
 * Charges `pm` for `pi`. Success → PI succeeded + charge.succeeded/payment_intent.succeeded.
 * Decline → failed charge, PI back to requires_payment_method, charge.failed/payment_intent.payment_failed,
 * then throws Stripe's 402 card_error. SEPA → processing now, settled later by core.settlements.
 */
export function confirmPayment(
  core: Core,
  piId: string,
  pm: Stripe.PaymentMethod,
  ctx: RequestContext,
  async: AsyncSettlement = {},
): Stripe.PaymentIntent {
  const pi = core.state.paymentIntents[piId];
  if (!pi) throw invalidRequest(`No such payment_intent: '${piId}'`, 'payment_intent', 'resource_missing');
  if (pi.status === 'succeeded' || pi.status === 'processing' || pi.status === 'canceled') {
    throw invalidRequest(
      `This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  }
  const secret = core.state.cardSecrets[pm.id]?.number ?? '';
  if (pi.capture_method === 'manual' && pm.type !== 'card') {
    throw invalidRequest(`The PaymentMethod type \`${pm.type}\` does not support capture_method=manual.`, 'payment_method', 'payment_intent_invalid_parameter');
  }
  if (pm.type === 'sepa_debit' || pm.type === 'us_bank_account') {
    const charge = buildCharge(core, pi, pm, undefined, true);
    core.state.charges[charge.id] = charge;
    const processing: Stripe.PaymentIntent = {
      ...pi, status: 'processing', latest_charge: charge.id, payment_method: pm.id, last_payment_error: null,
      payment_method_types: pi.payment_method_types.includes(pm.type) ? pi.payment_method_types : [...pi.payment_method_types, pm.type],
    };
    core.state.paymentIntents[pi.id] = processing;
    core.emit('charge.pending', charge, ctx);
    core.emit('payment_intent.processing', processing, ctx);
    core.settlements.add({
      paymentIntentId: pi.id,
      chargeId: charge.id,
      sessionId: async.sessionId ?? null,
      outcome: pm.type === 'sepa_debit' ? ibanOutcome(secret) : accountOutcome(secret),
      settlesAt: core.options.clock() + (async.delayMs ?? ASYNC_SETTLE_MS),
    });
    return processing;
  }
  const info = cardInfo(secret);
  const charge = buildCharge(core, pi, pm, info.decline, false);
  core.state.charges[charge.id] = charge;
  if (info.decline) {
    const failedPi: Stripe.PaymentIntent = {
      ...pi,
      status: 'requires_payment_method',
      latest_charge: charge.id,
      payment_method: null,
      last_payment_error: {
        charge: charge.id,
        code: info.decline.code,
        decline_code: info.decline.declineCode,
        doc_url: `https://stripe.com/docs/error-codes/${info.decline.code.replace(/_/g, '-')}`,
        message: info.decline.message,
        payment_method: pm,
        type: 'card_error',
      },
    };
    core.state.paymentIntents[pi.id] = failedPi;
    core.emit('charge.failed', charge, ctx);
    core.emit('payment_intent.payment_failed', failedPi, ctx);
    throw new StripeApiError(402, {
      type: 'card_error',
      code: info.decline.code,
      decline_code: info.decline.declineCode,
      message: info.decline.message,
      charge: charge.id,
      doc_url: `https://stripe.com/docs/error-codes/${info.decline.code.replace(/_/g, '-')}`,
      payment_intent: failedPi,
      ...(info.decline.code === 'incorrect_cvc' ? { param: 'cvc' } : {}),
    });
  }
  // Manual capture only authorizes: the PaymentIntent waits in requires_capture (payments/capture.ts).
  const manual = pi.capture_method === 'manual';
  const paidCharge = manual ? holdOnly(charge) : charge;
  core.state.charges[paidCharge.id] = paidCharge;
  const next: Stripe.PaymentIntent = {
    ...pi,
    status: manual ? 'requires_capture' : 'succeeded',
    amount_capturable: manual ? pi.amount : 0,
    amount_received: manual ? 0 : pi.amount,
    latest_charge: charge.id,
    payment_method: pm.id,
    last_payment_error: null,
  };
  core.state.paymentIntents[pi.id] = next;
  core.emit('charge.succeeded', paidCharge, ctx);
  core.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', next, ctx);
  return next;
}

/**
 * An authorized, uncaptured card charge: `succeeded` but not captured (as Stripe reports a hold),
 * with `capture_before` 7 days out, after which the hold is released.
 */
function holdOnly(charge: Stripe.Charge): Stripe.Charge {
  const card = charge.payment_method_details?.card;
  return {
    ...charge,
    captured: false,
    amount_captured: 0,
    balance_transaction: null,
    payment_method_details: card
      ? { type: 'card', card: { ...card, capture_before: charge.created + AUTHORIZATION_VALIDITY_S } }
      : charge.payment_method_details,
  };
}
