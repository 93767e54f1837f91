import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { orderNotesOf } from '@/lib/domain/checkout/order-notes';
import { receiptEmail } from '@/lib/services/mail/templates';
import { applyFact, type OrderFact } from '@/lib/domain/orders/order-state';
import { getShopDetails } from '@/lib/config/shop';
import { sessionSnapshot } from '../support/order-facts';

type Field = Stripe.Checkout.Session.CustomField;
const text = (key: string, value: string | null): Field => ({ key, label: { type: 'custom', custom: key }, optional: true, type: 'text', text: { default_value: null, maximum_length: 255, minimum_length: null, value } });

describe('order notes from the Checkout Session custom fields', () => {
  it('reads both fields, trimmed, and null for empty or missing ones', () => {
    expect(orderNotesOf({ custom_fields: [text('ordernotes', '  Ring the side door '), text('dietary', '2 vegan')] })).toEqual({ notes: 'Ring the side door', dietaryRequirements: '2 vegan' });
    expect(orderNotesOf({ custom_fields: [text('ordernotes', '   '), text('dietary', null)] })).toEqual({ notes: null, dietaryRequirements: null });
    expect(orderNotesOf({ custom_fields: [] })).toEqual({ notes: null, dietaryRequirements: null });
  });

  it('gives a dropdown’s option label, not its value', () => {
    const dropdown: Field = {
      key: 'dietary',
      label: { type: 'custom', custom: 'Dietary requirements' },
      optional: true,
      type: 'dropdown',
      dropdown: { default_value: null, options: [{ label: 'Gluten free', value: 'glutenfree' }], value: 'glutenfree' },
    };
    expect(orderNotesOf({ custom_fields: [dropdown] }).dietaryRequirements).toBe('Gluten free');
  });

  it('the first event that has them fills them in; a later event never erases them', () => {
    const withNotes: OrderFact = { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ notes: 'Ring the side door', dietaryRequirements: 'nut allergy' }) };
    const order = applyFact(null, withNotes, { eventId: 'evt_1', created: 100 });
    const later = applyFact(order, { kind: 'checkout_expired', session: sessionSnapshot() }, { eventId: 'evt_2', created: 101 });
    expect(later).toMatchObject({ notes: 'Ring the side door', dietaryRequirements: 'nut allergy' });
  });

  it('the receipt repeats them so the buyer can check them', () => {
    const order = applyFact(null, { kind: 'checkout_completed', paid: true, session: sessionSnapshot({ notes: 'Ring the side door', dietaryRequirements: 'nut allergy' }) }, { eventId: 'evt_1', created: 100 });
    const text = receiptEmail({ order, siteUrl: 'https://shop.example', shop: getShopDetails() }).text;
    expect(text).toContain('  Notes: Ring the side door');
    expect(text).toContain('  Dietary requirements: nut allergy');
    const plain = receiptEmail({ order: { ...order, notes: null, dietaryRequirements: null }, siteUrl: 'https://shop.example', shop: getShopDetails() }).text;
    expect(plain).not.toContain('Notes:');
  });
});
