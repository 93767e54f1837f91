import type Stripe from 'stripe';
import { luhnValid } from '../payments/test-cards';
import { accountNumberValid, routingNumberValid } from '../payments/test-bank-accounts';
import { ibanValid, normalizeIban } from '../payments/test-ibans';
import type { FieldErrors, FormValues } from './page';

/** Card data as validated on the page (never echoed back). */
export interface CardEntry {
  number: string;
  expMonth: number;
  expYear: number;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Parses "MM / YY", "MM/YY", "MMYY" or "MM / YYYY". */
function parseExpiry(raw: string): { month: number; year: number } | null {
  const m = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(raw.replace(/\s+/g, ' ').trim());
  if (!m) return null;
  const month = Number(m[1]);
  const yy = m[2] ?? '';
  const year = yy.length === 2 ? 2000 + Number(yy) : Number(yy);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

export function validateContact(values: FormValues, errors: FieldErrors): void {
  if (!values.email) errors.email = 'Your email is incomplete.';
  else if (!EMAIL.test(values.email)) errors.email = 'Your email address is invalid.';
}

/** Card fields; returns the card when they are all valid. */
export function validateCard(values: FormValues, rawNumber: string, cvc: string, errors: FieldErrors): CardEntry | null {
  const number = rawNumber.replace(/[\s-]/g, '');
  let ok = true;
  const fail = (key: keyof FieldErrors, message: string): void => {
    errors[key] = message;
    ok = false;
  };
  if (!number) fail('cardNumber', 'Your card number is incomplete.');
  else if (!/^\d+$/.test(number) || !luhnValid(number)) fail('cardNumber', 'Your card number is invalid.');
  const expiry = parseExpiry(values.expiry);
  if (!values.expiry) fail('expiry', "Your card's expiration date is incomplete.");
  else if (!expiry) fail('expiry', "Your card's expiration date is invalid.");
  else {
    const now = new Date();
    const y = now.getUTCFullYear();
    const mo = now.getUTCMonth() + 1;
    if (expiry.year < y) fail('expiry', "Your card's expiration year is in the past.");
    else if (expiry.year === y && expiry.month < mo) fail('expiry', "Your card's expiration date is in the past.");
    else if (expiry.year > y + 50) fail('expiry', "Your card's expiration year is invalid.");
  }
  if (!/^\d{3,4}$/.test(cvc)) fail('cvc', "Your card's security code is incomplete.");
  if (!values.cardholderName) fail('cardholderName', 'Cardholder name is required.');
  return ok && expiry ? { number, expMonth: expiry.month, expYear: expiry.year } : null;
}

/** Bank debit fields; returns the normalized IBAN when they are valid. */
export function validateSepa(values: FormValues, rawIban: string, errors: FieldErrors): string | null {
  const iban = normalizeIban(rawIban);
  let ok = true;
  if (!iban) {
    errors.iban = 'Your IBAN is incomplete.';
    ok = false;
  } else if (!ibanValid(iban)) {
    errors.iban = 'Your IBAN is invalid.';
    ok = false;
  }
  if (!values.accountHolderName) {
    errors.accountHolderName = 'Account holder name is required.';
    ok = false;
  }
  return ok ? iban : null;
}

export interface BankEntry {
  routingNumber: string;
  accountNumber: string;
}

/** US bank account fields; returns the account when they are valid. */
export function validateUsBank(values: FormValues, rawAccount: string, errors: FieldErrors): BankEntry | null {
  const routingNumber = values.routingNumber.replace(/\s+/g, '');
  const accountNumber = rawAccount.replace(/\s+/g, '');
  let ok = true;
  const fail = (key: string, message: string): void => {
    errors[key] = message;
    ok = false;
  };
  if (!routingNumber) fail('routingNumber', 'Your routing number is incomplete.');
  else if (!routingNumberValid(routingNumber)) fail('routingNumber', 'Your routing number is invalid.');
  if (!accountNumber) fail('accountNumber', 'Your account number is incomplete.');
  else if (!accountNumberValid(accountNumber)) fail('accountNumber', 'Your account number is invalid.');
  if (!values.achHolderName) fail('achHolderName', 'The name on the account is required.');
  return ok ? { routingNumber, accountNumber } : null;
}

/** Shipping fields when the session collects an address; returns the address when valid. */
export function validateShipping(
  values: FormValues,
  allowed: readonly string[] | undefined,
  errors: FieldErrors,
): Stripe.Address | null {
  if (!allowed) return null;
  if (!values.shippingName) errors.shippingName = 'Name is required.';
  if (!values.line1) errors.line1 = 'Address line 1 is required.';
  if (!values.city) errors.city = 'City is required.';
  if (!values.postalCode) errors.postalCode = 'ZIP is required.';
  if (!values.country) values.country = allowed[0] ?? '';
  if (!allowed.some((c) => c === values.country)) errors.country = 'We cannot ship to this country.';
  return {
    line1: values.line1,
    line2: values.line2 || null,
    city: values.city,
    state: values.state || null,
    postal_code: values.postalCode,
    country: values.country,
  };
}
