import type Stripe from 'stripe';
import { NO_REQUEST, type Core } from '../core';
import { StripeApiError } from '../errors';
import { getSession, paySession } from '../resources/checkout-sessions';
import { createCardPaymentMethod, createSepaPaymentMethod, createUsBankAccountPaymentMethod } from '../resources/payment-methods';
import type { ParamMap } from '../server/form';
import {
  EMPTY_VALUES, PAGE_METHODS, pageMethods, renderCheckoutPage, renderNotice, type CheckoutPageModel, type FieldErrors, type FormValues, type PageMethod,
} from './page';
import { EMPTY_EXTRAS, billingAddress, filledCustomFields, readExtras, renderExtras, validateExtras, type ExtraValues } from './extras';
import {
  validateCard, validateContact, validateSepa, validateShipping, validateUsBank, type BankEntry, type CardEntry,
} from './validation';

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
  return { status: 200, html: render({ session, lineItems: core.state.lineItems[id] ?? [], values, errors: {}, alert: null }, EMPTY_EXTRAS) };
}

function render(model: Omit<CheckoutPageModel, 'extras'>, extras: ExtraValues): string {
  return renderCheckoutPage({ ...model, extras: renderExtras(model, extras) });
}

/** The chosen method's PaymentMethod, from validated fields (card, SEPA or US bank account). */
function paymentMethodFor(core: Core, entry: { card: CardEntry | null; iban: string | null; bank: BankEntry | null }, values: FormValues, billing: Stripe.Address, extraAddress: Stripe.Address | null): { pm: Stripe.PaymentMethod; name: string; address: Stripe.Address } {
  const email = values.email;
  if (entry.card) {
    const address = extraAddress ?? billing;
    const pm = createCardPaymentMethod(core, { number: entry.card.number, expMonth: entry.card.expMonth, expYear: entry.card.expYear }, { name: values.cardholderName, email, phone: null, address });
    return { pm, name: values.cardholderName, address };
  }
  if (entry.bank) {
    const address = extraAddress ?? { ...billing, country: billing.country ?? 'US' };
    const pm = createUsBankAccountPaymentMethod(core, { ...entry.bank, holderType: 'individual' }, { name: values.achHolderName, email, phone: null, address });
    return { pm, name: values.achHolderName, address };
  }
  // SEPA needs the holder's name and email; the country defaults to the IBAN's.
  const iban = entry.iban ?? '';
  const address = extraAddress ?? { ...billing, country: billing.country ?? iban.slice(0, 2) };
  return { pm: createSepaPaymentMethod(core, iban, { name: values.accountHolderName, email, phone: null, address }), name: values.accountHolderName, address };
}

function chosenMethod(form: ParamMap, session: Stripe.Checkout.Session): PageMethod {
  const raw = str(form, 'paymentMethod');
  const offered = pageMethods(session);
  const method = PAGE_METHODS.find((m) => m === raw);
  // Missing/unknown (e.g. an old form) → the default, card when offered.
  return method && offered.includes(method) ? method : (offered[0] ?? 'card');
}

/**
 * Validates the posted form (contact, shipping and only the chosen method's fields), then pays
 * the session exactly like /v1/payment_pages/:id/confirm. Bank debit completes it `unpaid`.
 */
export function submitCheckout(core: Core, id: string, form: ParamMap): HtmlResponse {
  const session = lookup(core, id);
  if (!session) return NOT_FOUND;
  const done = notice(core, session);
  if (done) return done;

  const values: FormValues = {
    paymentMethod: chosenMethod(form, session),
    email: str(form, 'email'),
    cardholderName: str(form, 'cardholderName'),
    accountHolderName: str(form, 'accountHolderName'),
    achHolderName: str(form, 'achHolderName'),
    routingNumber: str(form, 'routingNumber'),
    expiry: str(form, 'expiry'),
    shippingName: str(form, 'shippingName'),
    line1: str(form, 'line1'),
    line2: str(form, 'line2'),
    city: str(form, 'city'),
    state: str(form, 'state'),
    postalCode: str(form, 'postalCode'),
    country: str(form, 'country'),
  };
  const errors: FieldErrors = {};
  const extras = readExtras(session, form);
  validateContact(values, errors);
  validateExtras(session, extras, errors);
  const card = values.paymentMethod === 'card' ? validateCard(values, str(form, 'cardNumber'), str(form, 'cvc'), errors) : null;
  const iban = values.paymentMethod === 'sepa_debit' ? validateSepa(values, str(form, 'iban'), errors) : null;
  const bank = values.paymentMethod === 'us_bank_account' ? validateUsBank(values, str(form, 'accountNumber'), errors) : null;
  const allowed = session.shipping_address_collection?.allowed_countries;
  const shippingAddress = validateShipping(values, allowed, errors);

  // Card number, CVC, IBAN and account number are never echoed back.
  const page = (status: number, alert: string | null): HtmlResponse => ({
    status,
    html: render({ session, lineItems: core.state.lineItems[id] ?? [], values, errors, alert }, extras),
  });
  if (Object.keys(errors).length > 0 || (!card && !iban && !bank)) return page(400, null);

  // Checkout collects only the postal code/country for cards unless it is asked for a full billing address.
  const fallback: Stripe.Address = shippingAddress ?? { line1: null, line2: null, city: null, state: null, postal_code: null, country: card ? 'US' : null };
  const { pm, name, address } = paymentMethodFor(core, { card, iban, bank }, values, fallback, billingAddress(session, extras));
  try {
    const paid = paySession(
      core,
      id,
      pm,
      {
        email: values.email,
        name,
        address,
        phone: extras.phone || null,
        customFields: filledCustomFields(session, extras),
        shipping: shippingAddress ? { name: values.shippingName, address: shippingAddress } : null,
      },
      NO_REQUEST,
      core.options.asyncPaymentDelayMs,
    );
    return { status: 303, location: successRedirect(paid) };
  } catch (err) {
    if (err instanceof StripeApiError) return page(err.status === 402 ? 402 : 400, err.body.message);
    throw err;
  }
}
