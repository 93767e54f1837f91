import type Stripe from 'stripe';

/** The custom_fields keys on the Checkout Session (letters and digits only, as Stripe requires). */
export const ORDER_NOTES_KEY = 'ordernotes';
export const DIETARY_KEY = 'dietary';

/** Stripe's longest text custom field. */
const MAX_LENGTH = 255;

/**
 * Two optional free-text fields on Stripe's hosted page: notes for the delivery or the kitchen, and dietary
 * requirements (allergies, vegetarian guests…). Free text because catering needs are too varied for a list.
 */
export const ORDER_NOTES_FIELDS: Stripe.Checkout.SessionCreateParams.CustomField[] = [
  { key: ORDER_NOTES_KEY, label: { type: 'custom', custom: 'Order notes' }, type: 'text', optional: true, text: { maximum_length: MAX_LENGTH } },
  { key: DIETARY_KEY, label: { type: 'custom', custom: 'Dietary requirements' }, type: 'text', optional: true, text: { maximum_length: MAX_LENGTH } },
];

/** What the buyer typed into one of the session's custom fields (a dropdown gives its option's label); null when left empty. */
function fieldValue(session: Pick<Stripe.Checkout.Session, 'custom_fields'>, key: string): string | null {
  const field = session.custom_fields?.find((entry) => entry.key === key);
  if (!field) return null;
  const dropdown = field.dropdown?.value ? (field.dropdown.options.find((option) => option.value === field.dropdown?.value)?.label ?? field.dropdown.value) : null;
  const value = (field.text?.value ?? dropdown ?? field.numeric?.value ?? '').trim();
  return value ? value.slice(0, MAX_LENGTH) : null;
}

export function orderNotesOf(session: Pick<Stripe.Checkout.Session, 'custom_fields'>): { notes: string | null; dietaryRequirements: string | null } {
  return { notes: fieldValue(session, ORDER_NOTES_KEY), dietaryRequirements: fieldValue(session, DIETARY_KEY) };
}
