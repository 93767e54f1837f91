import type Stripe from 'stripe';
import { invalidParam, invalidRequest, missingParam } from '../errors';
import type { ParamMap } from '../server/form';
import { asMap, assertKnown, optArray, optBool, optEnum, optMap, optString, optStringArray } from '../server/params';

/** Checkout Session options Local Stripe validates like Stripe and applies (or refuses, never drops). */
export interface SessionOptions {
  locale: Stripe.Checkout.Session.Locale | null;
  submitType: Stripe.Checkout.Session.SubmitType | null;
  billingAddressCollection: Stripe.Checkout.Session.BillingAddressCollection | null;
  phoneNumberCollection: boolean;
  customerCreation: Stripe.Checkout.Session.CustomerCreation | null;
  allowPromotionCodes: boolean | null;
  customText: Stripe.Checkout.Session.CustomText;
  customFields: Stripe.Checkout.Session.CustomField[];
}

const LOCALES = [
  'auto', 'bg', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'es-419', 'et', 'fi', 'fil', 'fr', 'fr-CA', 'hi-IN', 'hr', 'hu', 'id',
  'it', 'ja', 'ko', 'lt', 'lv', 'ms', 'mt', 'nb', 'nl', 'pl', 'pt', 'pt-BR', 'ro', 'ru', 'sk', 'sl', 'sv', 'th', 'tr', 'vi', 'zh',
  'zh-HK', 'zh-TW',
] as const;
const SUBMIT_TYPES = ['auto', 'book', 'donate', 'pay', 'subscribe'] as const;
const UI_MODES = ['elements', 'embedded_page', 'form', 'hosted_page'] as const;
const MODES = ['payment', 'setup', 'subscription'] as const;
const TEXT_SLOTS = ['after_submit', 'shipping_address', 'submit', 'terms_of_service_acceptance'] as const;
const FIELD_TYPES = ['dropdown', 'numeric', 'text'] as const;

/** Payment methods Local Stripe can take, and the currencies each one charges in. */
export const METHOD_CURRENCIES: Readonly<Record<string, readonly string[]>> = {
  card: [],
  sepa_debit: ['eur'],
  us_bank_account: ['usd'],
};

function unsupported(param: string, what: string): never {
  throw invalidParam(param, `Local Stripe does not support ${what}; remove \`${param}\` or use real Stripe (test mode).`, 'parameter_invalid');
}

/** `mode`: Stripe's values; `payment` and `subscription` are emulated. */
export function sessionMode(params: ParamMap): 'payment' | 'subscription' {
  const mode = optEnum(params, 'mode', MODES);
  if (!mode) throw missingParam('mode');
  if (mode === 'setup') unsupported('mode', `mode=${mode} (only payment and subscription)`);
  return mode === 'subscription' ? mode : 'payment';
}

/**
 * The session's payment method types: `allowed_payment_method_types` if given, else what fits the
 * currency (card, plus the bank debit that settles later: SEPA for EUR, US bank account for USD).
 */
export function sessionPaymentMethods(params: ParamMap, currency: string): string[] {
  // Older API versions (and the Stripe CLI's trigger fixtures) name it `payment_method_types`.
  const name = params['payment_method_types'] !== undefined ? 'payment_method_types' : 'allowed_payment_method_types';
  if (name === 'payment_method_types' && params['allowed_payment_method_types'] !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.', name);
  }
  const asked = optStringArray(params, name);
  if (!asked) return Object.keys(METHOD_CURRENCIES).filter((m) => fits(m, currency));
  if (asked.length === 0) throw missingParam(name);
  asked.forEach((m, i) => {
    const label = `${name}[${i}]`;
    if (!(m in METHOD_CURRENCIES)) throw invalidParam(label, `Invalid payment method type: ${m}. Local Stripe offers ${Object.keys(METHOD_CURRENCIES).join(', ')}.`);
    if (!fits(m, currency)) {
      throw invalidParam(label, `The payment method type \`${m}\` cannot be used with currency \`${currency}\` (it needs ${METHOD_CURRENCIES[m]?.join(' or ')}).`, 'payment_method_unactivated');
    }
  });
  return asked;
}

function fits(method: string, currency: string): boolean {
  const currencies = METHOD_CURRENCIES[method];
  return currencies !== undefined && (currencies.length === 0 || currencies.includes(currency));
}

function customText(params: ParamMap): Stripe.Checkout.Session.CustomText {
  const raw = optMap(params, 'custom_text');
  const text: Stripe.Checkout.Session.CustomText = { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null };
  if (!raw) return text;
  assertKnown(raw, TEXT_SLOTS, 'custom_text');
  for (const slot of TEXT_SLOTS) {
    const entry = optMap(raw, slot, `custom_text[${slot}]`);
    if (!entry) continue;
    assertKnown(entry, ['message'], `custom_text[${slot}]`);
    const message = optString(entry, 'message', `custom_text[${slot}][message]`);
    if (!message) throw missingParam(`custom_text[${slot}][message]`);
    if (message.length > 1200) throw invalidParam(`custom_text[${slot}][message]`, 'Custom text may be at most 1200 characters long.');
    if (slot === 'terms_of_service_acceptance') unsupported(`custom_text[${slot}]`, 'terms of service consent collection');
    text[slot] = { message };
  }
  return text;
}

function customField(raw: ParamMap, label: string): Stripe.Checkout.Session.CustomField {
  assertKnown(raw, ['key', 'label', 'optional', 'type', 'dropdown', 'text', 'numeric'], label);
  const key = optString(raw, 'key', `${label}[key]`);
  if (!key) throw missingParam(`${label}[key]`);
  if (!/^[A-Za-z0-9]{1,200}$/.test(key)) throw invalidParam(`${label}[key]`, 'A custom field key may only contain letters and digits (at most 200).');
  const labelMap = optMap(raw, 'label', `${label}[label]`);
  if (!labelMap) throw missingParam(`${label}[label]`);
  assertKnown(labelMap, ['type', 'custom'], `${label}[label]`);
  if (optEnum(labelMap, 'type', ['custom'], `${label}[label][type]`) !== 'custom') throw missingParam(`${label}[label][type]`);
  const custom = optString(labelMap, 'custom', `${label}[label][custom]`);
  if (!custom) throw missingParam(`${label}[label][custom]`);
  if (custom.length > 50) throw invalidParam(`${label}[label][custom]`, 'A custom field label may be at most 50 characters long.');
  const type = optEnum(raw, 'type', FIELD_TYPES, `${label}[type]`);
  if (!type) throw missingParam(`${label}[type]`);
  const field: Stripe.Checkout.Session.CustomField = {
    key,
    label: { custom, type: 'custom' },
    optional: optBool(raw, 'optional', `${label}[optional]`) ?? false,
    type,
  };
  for (const other of FIELD_TYPES) {
    if (other !== type && raw[other] !== undefined) throw invalidParam(`${label}[${other}]`, `\`${other}\` only applies to fields of type ${other}.`);
  }
  if (type === 'dropdown') return { ...field, dropdown: dropdown(raw, label) };
  const limits = optMap(raw, type, `${label}[${type}]`) ?? {};
  assertKnown(limits, ['minimum_length', 'maximum_length', 'default_value'], `${label}[${type}]`);
  const length = (k: string): number | null => {
    const v = optString(limits, k, `${label}[${type}][${k}]`);
    if (v === undefined) return null;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 255) throw invalidParam(`${label}[${type}][${k}]`, 'This value must be between 1 and 255.', 'parameter_invalid_integer');
    return n;
  };
  const entry = { default_value: optString(limits, 'default_value', `${label}[${type}][default_value]`) ?? null, minimum_length: length('minimum_length'), maximum_length: length('maximum_length'), value: null };
  return type === 'text' ? { ...field, text: entry } : { ...field, numeric: entry };
}

function dropdown(raw: ParamMap, label: string): Stripe.Checkout.Session.CustomField.Dropdown {
  const map = optMap(raw, 'dropdown', `${label}[dropdown]`);
  if (!map) throw missingParam(`${label}[dropdown]`);
  assertKnown(map, ['options', 'default_value'], `${label}[dropdown]`);
  const options = (optArray(map, 'options', `${label}[dropdown][options]`) ?? []).map((o, i) => {
    const opt = asMap(o, `${label}[dropdown][options][${i}]`);
    assertKnown(opt, ['label', 'value'], `${label}[dropdown][options][${i}]`);
    const optLabel = optString(opt, 'label', `${label}[dropdown][options][${i}][label]`);
    const value = optString(opt, 'value', `${label}[dropdown][options][${i}][value]`);
    if (!optLabel) throw missingParam(`${label}[dropdown][options][${i}][label]`);
    if (!value || !/^[A-Za-z0-9]{1,100}$/.test(value)) throw invalidParam(`${label}[dropdown][options][${i}][value]`, 'An option value may only contain letters and digits.');
    return { label: optLabel, value };
  });
  if (options.length === 0 || options.length > 200) throw invalidParam(`${label}[dropdown][options]`, 'A dropdown needs between 1 and 200 options.');
  const defaultValue = optString(map, 'default_value', `${label}[dropdown][default_value]`) ?? null;
  if (defaultValue !== null && !options.some((o) => o.value === defaultValue)) {
    throw invalidParam(`${label}[dropdown][default_value]`, 'The default value must be one of the options.');
  }
  return { default_value: defaultValue, options, value: null };
}

function customFields(params: ParamMap): Stripe.Checkout.Session.CustomField[] {
  const raw = optArray(params, 'custom_fields') ?? [];
  if (raw.length > 3) throw invalidParam('custom_fields', 'You may add at most 3 custom fields.');
  const fields = raw.map((f, i) => customField(asMap(f, `custom_fields[${i}]`), `custom_fields[${i}]`));
  const keys = new Set(fields.map((f) => f.key));
  if (keys.size !== fields.length) throw invalidParam('custom_fields', 'Custom field keys must be unique.');
  return fields;
}

export function sessionOptions(params: ParamMap): SessionOptions {
  const uiMode = optEnum(params, 'ui_mode', UI_MODES);
  if (uiMode && uiMode !== 'hosted_page') unsupported('ui_mode', `ui_mode=${uiMode} (only the hosted page)`);
  const phone = optMap(params, 'phone_number_collection');
  if (phone) assertKnown(phone, ['enabled'], 'phone_number_collection');
  const phoneEnabled = phone ? optBool(phone, 'enabled', 'phone_number_collection[enabled]') : undefined;
  if (phone && phoneEnabled === undefined) throw missingParam('phone_number_collection[enabled]');
  const customerCreation = optEnum(params, 'customer_creation', ['always', 'if_required']) ?? null;
  if (customerCreation === 'always') unsupported('customer_creation', 'Customers (customer_creation=always)');
  const allowPromotionCodes = optBool(params, 'allow_promotion_codes') ?? null;
  if (allowPromotionCodes) unsupported('allow_promotion_codes', 'promotion codes');
  return {
    locale: optEnum(params, 'locale', LOCALES) ?? null,
    submitType: optEnum(params, 'submit_type', SUBMIT_TYPES) ?? null,
    billingAddressCollection: optEnum(params, 'billing_address_collection', ['auto', 'required']) ?? null,
    phoneNumberCollection: phoneEnabled ?? false,
    customerCreation,
    allowPromotionCodes,
    customText: customText(params),
    customFields: customFields(params),
  };
}

/** Stripe's smallest charge per currency, in minor units (USD $0.50). */
const MINIMUM_CHARGE: Readonly<Record<string, number>> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, jpy: 50, mxn: 1000, inr: 50 };

export function checkMinimumCharge(amount: number, currency: string, param: string): void {
  const min = MINIMUM_CHARGE[currency] ?? 50;
  if (amount < min) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${min} ${currency} minor units (${currency === 'usd' ? '$0.50 usd' : currency}).`,
      param,
      'amount_too_small',
    );
  }
}
