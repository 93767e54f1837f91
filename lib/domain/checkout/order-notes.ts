import type { CustomFieldShape } from '../webhooks/stripe-shapes';

/** The custom_fields keys on the Checkout Session (letters and digits only, as Stripe requires). */
export const ORDER_NOTES_KEY = 'ordernotes';
export const DIETARY_KEY = 'dietary';

/** Stripe's longest text custom field. */
export const ORDER_NOTES_MAX_LENGTH = 255;

/** What the buyer typed into one of the session's custom fields (a dropdown gives its option's label); null when left empty. */
function fieldValue(session: { custom_fields?: CustomFieldShape[] }, key: string): string | null {
  const field = session.custom_fields?.find((entry) => entry.key === key);
  if (!field) return null;
  const dropdown = field.dropdown?.value ? (field.dropdown.options.find((option) => option.value === field.dropdown?.value)?.label ?? field.dropdown.value) : null;
  const value = (field.text?.value ?? dropdown ?? field.numeric?.value ?? '').trim();
  return value ? value.slice(0, ORDER_NOTES_MAX_LENGTH) : null;
}

export function orderNotesOf(session: { custom_fields?: CustomFieldShape[] }): { notes: string | null; dietaryRequirements: string | null } {
  return { notes: fieldValue(session, ORDER_NOTES_KEY), dietaryRequirements: fieldValue(session, DIETARY_KEY) };
}
