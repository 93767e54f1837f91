import type Stripe from 'stripe';
import { NO_REQUEST, type Core } from '../core';
import { StripeApiError } from '../errors';
import { luhnValid } from '../payments/test-cards';
import { getSession, paySession } from '../resources/checkout-sessions';
import { createCardPaymentMethod } from '../resources/payment-methods';
import type { ParamMap } from '../server/form';
import { EMPTY_VALUES, renderCheckoutPage, renderNotice, type FieldErrors, type FormValues } from './page';

export interface HtmlResponse {
  status: number;
  html?: string;
  location?: string;
}

function str(form: ParamMap, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
}

function successRedirect(session: Stripe.Checkout.Session): string {
  return (session.success_url ?? '/').replace(/\{CHECKOUT_SESSION_ID\}/g, session.id);
}

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

function notice(core: Core, session: Stripe.Checkout.Session): HtmlResponse | null {
  if (session.status === 'expired') {
    return { status: 410, html: renderNotice('Session expired', 'This checkout session has expired') };
  }
  if (session.status === 'complete') {
    return {
      status: 200,
      html: renderNotice('Already paid', 'This checkout session is already complete', {
        href: successRedirect(session),
        text: 'Return to the shop',
      }),
    };
  }
  void core;
  return null;
}

function lookup(core: Core, id: string): Stripe.Checkout.Session | null {
  try {
    return getSession(core, id);
  } catch {
    return null;
  }
}

const NOT_FOUND: HtmlResponse = {
  status: 404,
  html: renderNotice('Not found', 'This checkout session does not exist'),
};

export function showCheckout(core: Core, id: string): HtmlResponse {
  const session = lookup(core, id);
  if (!session) return NOT_FOUND;
  const done = notice(core, session);
  if (done) return done;
  const values: FormValues = { ...EMPTY_VALUES, email: session.customer_email ?? '' };
  return {
    status: 200,
    html: renderCheckoutPage({ session, lineItems: core.state.lineItems[id] ?? [], values, errors: {}, alert: null }),
  };
}

/** Validates the posted form, then pays the session exactly like /v1/payment_pages/:id/confirm. */
export function submitCheckout(core: Core, id: string, form: ParamMap): HtmlResponse {
  const session = lookup(core, id);
  if (!session) return NOT_FOUND;
  const done = notice(core, session);
  if (done) return done;

  const values: FormValues = {
    email: str(form, 'email'),
    cardholderName: str(form, 'cardholderName'),
    expiry: str(form, 'expiry'),
    shippingName: str(form, 'shippingName'),
    line1: str(form, 'line1'),
    line2: str(form, 'line2'),
    city: str(form, 'city'),
    state: str(form, 'state'),
    postalCode: str(form, 'postalCode'),
    country: str(form, 'country'),
  };
  const cardNumber = str(form, 'cardNumber').replace(/[\s-]/g, '');
  const cvc = str(form, 'cvc');
  const errors: FieldErrors = {};

  if (!values.email) errors.email = 'Your email is incomplete.';
  else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) errors.email = 'Your email address is invalid.';
  if (!cardNumber) errors.cardNumber = 'Your card number is incomplete.';
  else if (!/^\d+$/.test(cardNumber) || !luhnValid(cardNumber)) errors.cardNumber = 'Your card number is invalid.';
  const expiry = parseExpiry(values.expiry);
  if (!values.expiry) errors.expiry = "Your card's expiration date is incomplete.";
  else if (!expiry) errors.expiry = "Your card's expiration date is invalid.";
  else {
    const now = new Date();
    const y = now.getUTCFullYear();
    const mo = now.getUTCMonth() + 1;
    if (expiry.year < y) errors.expiry = "Your card's expiration year is in the past.";
    else if (expiry.year === y && expiry.month < mo) errors.expiry = "Your card's expiration date is in the past.";
    else if (expiry.year > y + 50) errors.expiry = "Your card's expiration year is invalid.";
  }
  if (!/^\d{3,4}$/.test(cvc)) errors.cvc = "Your card's security code is incomplete.";
  if (!values.cardholderName) errors.cardholderName = 'Cardholder name is required.';

  const allowed = session.shipping_address_collection?.allowed_countries;
  if (allowed) {
    if (!values.shippingName) errors.shippingName = 'Name is required.';
    if (!values.line1) errors.line1 = 'Address line 1 is required.';
    if (!values.city) errors.city = 'City is required.';
    if (!values.postalCode) errors.postalCode = 'ZIP is required.';
    if (!values.country) values.country = allowed[0] ?? '';
    if (!allowed.some((c) => c === values.country)) errors.country = 'We cannot ship to this country.';
  }

  const render = (status: number, alert: string | null): HtmlResponse => ({
    status,
    // Card number and CVC are never echoed back.
    html: renderCheckoutPage({ session, lineItems: core.state.lineItems[id] ?? [], values, errors, alert }),
  });
  if (Object.keys(errors).length > 0 || !expiry) return render(400, null);

  const shippingAddress: Stripe.Address | null = allowed
    ? {
        line1: values.line1,
        line2: values.line2 || null,
        city: values.city,
        state: values.state || null,
        postal_code: values.postalCode,
        country: values.country,
      }
    : null;
  // Billing address: Checkout collects only the postal code/country for cards when shipping isn't asked.
  const billingAddress: Stripe.Address = shippingAddress ?? {
    line1: null, line2: null, city: null, state: null, postal_code: null, country: 'US',
  };
  const pm = createCardPaymentMethod(
    core,
    { number: cardNumber, expMonth: expiry.month, expYear: expiry.year },
    { name: values.cardholderName, email: values.email, phone: null, address: billingAddress },
  );
  try {
    const paid = paySession(
      core,
      id,
      pm,
      {
        email: values.email,
        name: values.cardholderName,
        address: billingAddress,
        shipping: shippingAddress ? { name: values.shippingName, address: shippingAddress } : null,
      },
      NO_REQUEST,
    );
    return { status: 303, location: successRedirect(paid) };
  } catch (err) {
    if (err instanceof StripeApiError) return render(err.status === 402 ? 402 : 400, err.body.message);
    throw err;
  }
}
