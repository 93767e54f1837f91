import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidParam, invalidRequest, notFound } from '../errors';
import { newId } from '../ids';
import { cardInfo, luhnValid, numberForToken } from '../payments/test-cards';
import type { ParamMap } from '../server/form';
import { applyMetadata, assertKnown, optInt, optMap, optString, reqString } from '../server/params';
import type { Route } from '../server/route';
import { expandFor } from './expansion';
import { readRoutes } from './read-routes';

export interface BillingInput {
  name: string | null;
  email: string | null;
  phone: string | null;
  address: Stripe.Address | null;
}

export const NO_BILLING: BillingInput = { name: null, email: null, phone: null, address: null };

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
}

function billingDetails(b: BillingInput): Stripe.PaymentMethod.BillingDetails {
  return { address: b.address, email: b.email, name: b.name, phone: b.phone, tax_id: null };
}

/** Stores a PaymentMethod: the fields every type shares plus `details`; the raw number/IBAN is kept aside, never returned. */
function storePaymentMethod(
  core: Core,
  type: Stripe.PaymentMethod.Type,
  details: Partial<Stripe.PaymentMethod>,
  billing: BillingInput,
  secret: string,
): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: billingDetails(billing),
    created: core.nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type,
    ...details,
  };
  core.state.paymentMethods[pm.id] = pm;
  core.state.cardSecrets[pm.id] = { number: secret };
  return pm;
}

/** Creates a card PaymentMethod; the raw number is kept aside (for test-card behaviour), never returned. */
export function createCardPaymentMethod(core: Core, card: CardInput, billing: BillingInput): Stripe.PaymentMethod {
  const info = cardInfo(card.number);
  return storePaymentMethod(
    core,
    'card',
    {
      card: {
        brand: info.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
        country: info.country,
        display_brand: info.brand,
        exp_month: card.expMonth,
        exp_year: card.expYear,
        fingerprint: fingerprint(card.number),
        funding: info.funding,
        generated_from: null,
        last4: card.number.slice(-4),
        networks: { available: [info.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
    },
    billing,
    card.number,
  );
}

export function createSepaPaymentMethod(core: Core, iban: string, billing: BillingInput): Stripe.PaymentMethod {
  const clean = iban.replace(/\s+/g, '').toUpperCase();
  return storePaymentMethod(
    core,
    'sepa_debit',
    {
      sepa_debit: {
        bank_code: clean.slice(4, 9),
        branch_code: '',
        country: clean.slice(0, 2),
        fingerprint: fingerprint(clean),
        generated_from: { charge: null, setup_attempt: null },
        last4: clean.slice(-4),
      },
    },
    billing,
    clean,
  );
}

export interface UsBankAccountInput {
  routingNumber: string;
  accountNumber: string;
  holderType: 'individual' | 'company';
}

/** A US bank account (ACH Direct Debit) PaymentMethod; the account number is kept aside for its test outcome. */
export function createUsBankAccountPaymentMethod(core: Core, account: UsBankAccountInput, billing: BillingInput): Stripe.PaymentMethod {
  return storePaymentMethod(
    core,
    'us_bank_account',
    {
      us_bank_account: {
        account_holder_type: account.holderType,
        account_type: 'checking',
        bank_name: 'STRIPE TEST BANK',
        financial_connections_account: null,
        fingerprint: fingerprint(account.routingNumber + account.accountNumber),
        last4: account.accountNumber.slice(-4),
        networks: { preferred: 'ach', supported: ['ach'] },
        routing_number: account.routingNumber,
        status_details: null,
      },
    },
    billing,
    account.accountNumber,
  );
}

function fingerprint(value: string): string {
  let h = 0;
  for (const c of value) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `fp${h.toString(36)}${value.length}`.slice(0, 16).padEnd(16, 'x');
}

/** Resolves a PaymentMethod id, including Stripe's magic test ids such as `pm_card_visa`. */
export function resolvePaymentMethod(core: Core, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const stored = core.state.paymentMethods[id];
  if (stored) return stored;
  const number = numberForToken(id);
  if (number) {
    const year = new Date().getUTCFullYear() + 1;
    return createCardPaymentMethod(core, { number, expMonth: 12, expYear: year }, NO_BILLING);
  }
  throw notFound('PaymentMethod', id, param);
}

function parseBilling(params: ParamMap): BillingInput {
  const b = optMap(params, 'billing_details');
  if (!b) return NO_BILLING;
  assertKnown(b, ['name', 'email', 'phone', 'address', 'tax_id'], 'billing_details');
  const a = optMap(b, 'address', 'billing_details[address]');
  if (a) assertKnown(a, ['line1', 'line2', 'city', 'state', 'postal_code', 'country'], 'billing_details[address]');
  const s = (m: ParamMap, k: string): string | null => {
    const v = m[k];
    return typeof v === 'string' && v !== '' ? v : null;
  };
  return {
    name: s(b, 'name'),
    email: s(b, 'email'),
    phone: s(b, 'phone'),
    address: a
      ? { line1: s(a, 'line1'), line2: s(a, 'line2'), city: s(a, 'city'), state: s(a, 'state'), postal_code: s(a, 'postal_code'), country: s(a, 'country') }
      : null,
  };
}

export function paymentMethodRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/payment_methods',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['type', 'card', 'sepa_debit', 'billing_details', 'metadata', 'expand', 'allow_redisplay']);
        const type = reqString(p, 'type');
        const billing = parseBilling(p);
        let pm: Stripe.PaymentMethod;
        if (type === 'card') {
          const card = optMap(p, 'card');
          if (!card) throw invalidRequest('Missing required param: card.', 'card', 'parameter_missing');
          assertKnown(card, ['token', 'number', 'exp_month', 'exp_year', 'cvc'], 'card');
          const token = optString(card, 'token', 'card[token]');
          if (token) {
            const number = numberForToken(token);
            if (!number) throw notFound('token', token, 'card[token]');
            pm = createCardPaymentMethod(core, { number, expMonth: 12, expYear: new Date().getUTCFullYear() + 1 }, billing);
          } else {
            const number = reqString(card, 'number', 'card[number]').replace(/\s+/g, '');
            if (!luhnValid(number)) {
              throw invalidRequest('Your card number is incorrect.', 'card[number]', 'incorrect_number');
            }
            const expMonth = optInt(card, 'exp_month', 'card[exp_month]', { min: 1, max: 12 });
            const expYear = optInt(card, 'exp_year', 'card[exp_year]', { min: 2000, max: 2100 });
            if (expMonth === undefined) throw invalidRequest('Missing required param: card[exp_month].', 'card[exp_month]', 'parameter_missing');
            if (expYear === undefined) throw invalidRequest('Missing required param: card[exp_year].', 'card[exp_year]', 'parameter_missing');
            pm = createCardPaymentMethod(core, { number, expMonth, expYear }, billing);
          }
        } else if (type === 'sepa_debit') {
          const sepa = optMap(p, 'sepa_debit');
          if (!sepa) throw invalidRequest('Missing required param: sepa_debit.', 'sepa_debit', 'parameter_missing');
          pm = createSepaPaymentMethod(core, reqString(sepa, 'iban', 'sepa_debit[iban]'), billing);
        } else {
          throw invalidParam('type', `Invalid type: must be one of card or sepa_debit (emulator)`);
        }
        if (p['metadata'] !== undefined) {
          pm = { ...pm, metadata: applyMetadata({}, p) };
          core.state.paymentMethods[pm.id] = pm;
        }
        return expandFor(core, pm, p);
      },
    },
    ...readRoutes(core, { path: '/v1/payment_methods', retrieve: (id) => resolvePaymentMethod(core, id, 'id') }),
    {
      method: 'POST',
      pattern: '/v1/payment_methods/:id',
      handler: (req) => {
        const pm = resolvePaymentMethod(core, req.pathParams['id'] ?? '', 'id');
        assertKnown(req.params, ['metadata', 'expand', 'billing_details', 'allow_redisplay']);
        const updated: Stripe.PaymentMethod = { ...pm, metadata: applyMetadata(pm.metadata ?? {}, req.params) };
        core.state.paymentMethods[pm.id] = updated;
        core.emit('payment_method.updated', updated, req.ctx);
        return expandFor(core, updated, req.params);
      },
    },
  ];
}
