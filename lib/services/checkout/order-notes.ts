import type Stripe from 'stripe';
import { DIETARY_KEY, ORDER_NOTES_KEY, ORDER_NOTES_MAX_LENGTH } from '../../domain/checkout/order-notes';

/**
 * Two optional free-text fields on Stripe's hosted page: notes for the delivery or the kitchen, and dietary
 * requirements (allergies, vegetarian guests…). Free text because catering needs are too varied for a list.
 * Reading them back from a session is domain (lib/domain/checkout/order-notes.ts).
 */
export const ORDER_NOTES_FIELDS: Stripe.Checkout.SessionCreateParams.CustomField[] = [
  { key: ORDER_NOTES_KEY, label: { type: 'custom', custom: 'Order notes' }, type: 'text', optional: true, text: { maximum_length: ORDER_NOTES_MAX_LENGTH } },
  { key: DIETARY_KEY, label: { type: 'custom', custom: 'Dietary requirements' }, type: 'text', optional: true, text: { maximum_length: ORDER_NOTES_MAX_LENGTH } },
];
