import type Stripe from 'stripe';
import type { ParamMap } from '../server/form';
import { esc, field, type CheckoutPageModel, type FieldErrors, type PageExtras } from './page';

/**
 * What a session adds to the hosted page: its custom text, custom fields (text, numeric, dropdown),
 * a phone number (phone_number_collection) and a billing address (billing_address_collection=required).
 */
export interface ExtraValues {
  phone: string;
  billing: { line1: string; city: string; postalCode: string; country: string };
  custom: Record<string, string>;
}

export const EMPTY_EXTRAS: ExtraValues = { phone: '', billing: { line1: '', city: '', postalCode: '', country: '' }, custom: {} };

const customName = (key: string): string => `custom_${key}`;

function str(form: ParamMap, key: string): string {
  const v = form[key];
  return typeof v === 'string' ? v.trim() : '';
}

export function readExtras(session: Stripe.Checkout.Session, form: ParamMap): ExtraValues {
  const custom: Record<string, string> = {};
  for (const f of session.custom_fields) custom[f.key] = str(form, customName(f.key));
  return {
    phone: str(form, 'phone'),
    billing: { line1: str(form, 'billingLine1'), city: str(form, 'billingCity'), postalCode: str(form, 'billingPostalCode'), country: str(form, 'billingCountry').toUpperCase() },
    custom,
  };
}

function customFieldError(f: Stripe.Checkout.Session.CustomField, value: string): string | null {
  if (value === '') return f.optional ? null : `${f.label.custom ?? f.key} is required.`;
  if (f.type === 'dropdown') return f.dropdown?.options.some((o) => o.value === value) ? null : 'Choose one of the options.';
  const limits = f.type === 'numeric' ? f.numeric : f.text;
  if (f.type === 'numeric' && !/^\d+$/.test(value)) return 'Enter digits only.';
  if (limits?.minimum_length && value.length < limits.minimum_length) return `Enter at least ${limits.minimum_length} characters.`;
  if (limits?.maximum_length && value.length > limits.maximum_length) return `Enter at most ${limits.maximum_length} characters.`;
  return null;
}

export function validateExtras(session: Stripe.Checkout.Session, values: ExtraValues, errors: FieldErrors): void {
  for (const f of session.custom_fields) {
    const error = customFieldError(f, values.custom[f.key] ?? '');
    if (error) errors[customName(f.key)] = error;
  }
  if (session.phone_number_collection?.enabled && !/^\+?[0-9 ()-]{7,20}$/.test(values.phone)) {
    errors['phone'] = values.phone ? 'Your phone number is invalid.' : 'Your phone number is required.';
  }
  if (session.billing_address_collection === 'required') {
    const b = values.billing;
    if (!b.line1) errors['billingLine1'] = 'Address line 1 is required.';
    if (!b.city) errors['billingCity'] = 'City is required.';
    if (!b.postalCode) errors['billingPostalCode'] = 'Postal code is required.';
    if (!/^[A-Z]{2}$/.test(b.country)) errors['billingCountry'] = 'Enter a two-letter country code.';
  }
}

/** The billing address the page collected, when the session asks for one. */
export function billingAddress(session: Stripe.Checkout.Session, values: ExtraValues): Stripe.Address | null {
  if (session.billing_address_collection !== 'required') return null;
  const b = values.billing;
  return { line1: b.line1, line2: null, city: b.city, state: null, postal_code: b.postalCode, country: b.country };
}

/** The session's custom fields with the values the buyer entered (as Stripe returns them). */
export function filledCustomFields(session: Stripe.Checkout.Session, values: ExtraValues): Stripe.Checkout.Session.CustomField[] {
  return session.custom_fields.map((f) => {
    const value = values.custom[f.key] || null;
    if (f.dropdown) return { ...f, dropdown: { ...f.dropdown, value } };
    if (f.numeric) return { ...f, numeric: { ...f.numeric, value } };
    if (f.text) return { ...f, text: { ...f.text, value } };
    return f;
  });
}

function customInput(f: Stripe.Checkout.Session.CustomField, model: CheckoutPageModel, value: string): string {
  const name = customName(f.key);
  const label = `${f.label.custom ?? f.key}${f.optional ? ' (optional)' : ''}`;
  const required = f.optional ? '' : ' required';
  if (f.type !== 'dropdown') {
    const limits = f.type === 'numeric' ? f.numeric : f.text;
    const attrs = `${f.type === 'numeric' ? 'inputmode="numeric" ' : ''}${limits?.maximum_length ? `maxlength="${limits.maximum_length}" ` : ''}${required}`;
    return field(name, label, model, attrs, value || (limits?.default_value ?? ''));
  }
  const chosen = value || (f.dropdown?.default_value ?? '');
  const error = model.errors[name];
  const options = (f.dropdown?.options ?? [])
    .map((o) => `<option value="${esc(o.value)}"${o.value === chosen ? ' selected' : ''}>${esc(o.label)}</option>`)
    .join('');
  return `<div><label for="${esc(name)}">${esc(label)}</label><select id="${esc(name)}" name="${esc(name)}"${required}${
    error ? ` aria-invalid="true" aria-describedby="${esc(name)}-error"` : ''
  }><option value="">Select…</option>${options}</select>${error ? `<p class="field-error" id="${esc(name)}-error">${esc(error)}</p>` : ''}</div>`;
}

const note = (text: { message: string } | null | undefined): string => (text ? `<p class="custom-text">${esc(text.message)}</p>` : '');

export function renderExtras(model: Omit<CheckoutPageModel, 'extras'>, values: ExtraValues): PageExtras {
  const { session } = model;
  const m = { ...model, extras: { contact: '', beforePayment: '', shippingNote: '', nearSubmit: '' } };
  const phone = session.phone_number_collection?.enabled ? field('phone', 'Phone number', m, 'type="tel" autocomplete="tel" required', values.phone) : '';
  const b = values.billing;
  const billing =
    session.billing_address_collection === 'required'
      ? `<fieldset><legend>Billing address</legend>
${field('billingLine1', 'Billing address line 1', m, 'autocomplete="billing address-line1" required', b.line1)}
${field('billingCity', 'Billing city', m, 'autocomplete="billing address-level2" required', b.city)}
<div class="row">${field('billingPostalCode', 'Billing postal code', m, 'autocomplete="billing postal-code" required', b.postalCode)}
${field('billingCountry', 'Billing country (2 letters)', m, 'autocomplete="billing country" required maxlength="2"', b.country)}</div>
</fieldset>`
      : '';
  const custom = session.custom_fields.length
    ? `<fieldset><legend>Additional information</legend>${session.custom_fields.map((f) => customInput(f, m, values.custom[f.key] ?? '')).join('\n')}</fieldset>`
    : '';
  return {
    contact: phone,
    beforePayment: `${custom}\n${billing}`,
    shippingNote: note(session.custom_text.shipping_address),
    nearSubmit: `${note(session.custom_text.submit)}${note(session.custom_text.after_submit)}`,
  };
}
