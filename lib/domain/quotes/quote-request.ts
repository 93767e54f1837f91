import { z } from 'zod';
import { WINDOW_PATTERN } from '../checkout/delivery-window';

/** A quote may go well beyond the cart's limits (a conference lunch): these bound typos, not orders. */
export const MAX_QUOTE_QUANTITY = 999;
export const MAX_QUOTE_LINES = 20;
/** Stripe's price ceiling is 99,999,999 minor units; a custom line above $100,000 is a typo here. */
export const MAX_CUSTOM_UNIT_AMOUNT = 10_000_000;

const quantity = z
  .number({ error: 'Quantity must be a number' })
  .int('Quantity must be a whole number')
  .min(1, 'Quantity must be at least 1')
  .max(MAX_QUOTE_QUANTITY, `Quantity must be at most ${MAX_QUOTE_QUANTITY}`);

const catalogLine = z.strictObject({
  kind: z.literal('catalog'),
  priceId: z.string().regex(/^price_[A-Za-z0-9_]{1,100}$/, 'Not a price id'),
  quantity,
});

const customLine = z.strictObject({
  kind: z.literal('custom'),
  name: z.string().trim().min(1, 'A custom line needs a name').max(120, 'A custom line name is at most 120 characters'),
  /** In the currency's minor units (cents). */
  unitAmount: z
    .number({ error: 'Price must be a number' })
    .int('Price must be in whole cents')
    .min(50, 'A custom line costs at least $0.50')
    .max(MAX_CUSTOM_UNIT_AMOUNT, 'A custom line costs at most $100,000'),
  quantity,
});

/** What staff send to quote a large or custom order. */
export const quoteRequestSchema = z.strictObject({
  customerEmail: z.email({ error: 'Enter the customer’s email address' }),
  deliveryDate: z.iso.date({ error: 'Delivery date must be a date (YYYY-MM-DD)' }),
  // Which windows the kitchen runs is configuration: checked against the rules in createQuote.
  deliveryWindow: z.string().regex(WINDOW_PATTERN, { error: 'Choose one of the delivery times offered' }),
  lines: z
    .array(z.discriminatedUnion('kind', [catalogLine, customLine]))
    .min(1, 'Add at least one item')
    .max(MAX_QUOTE_LINES, `A quote holds at most ${MAX_QUOTE_LINES} lines`),
});

export type QuoteRequest = z.infer<typeof quoteRequestSchema>;
export type QuoteLine = QuoteRequest['lines'][number];
