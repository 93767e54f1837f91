import { z } from 'zod';
import { MAX_CART_LINES, MAX_QUANTITY, MIN_QUANTITY } from '../cart/cart-limits';
import { WINDOW_PATTERN } from './delivery-window';

/** The only thing the browser may send to start a checkout: price ids, quantities, a delivery date and time window. */
export const checkoutRequestSchema = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        priceId: z.string().regex(/^price_[A-Za-z0-9_]{1,100}$/, 'Not a price id'),
        quantity: z
          .number({ error: 'Quantity must be a number' })
          .int('Quantity must be a whole number')
          .min(MIN_QUANTITY, `Quantity must be at least ${MIN_QUANTITY}`)
          .max(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}`),
      }),
      { error: 'lines must be a list of cart lines' },
    )
    .min(1, 'Your cart is empty')
    .max(MAX_CART_LINES, `A cart holds at most ${MAX_CART_LINES} different packages`)
    .refine((lines) => new Set(lines.map((line) => line.priceId)).size === lines.length, 'Each package may appear only once'),
  deliveryDate: z.iso.date({ error: 'Delivery date must be a date (YYYY-MM-DD)' }),
  /** Optional for API callers; the cart always sends one. Checked against the configured windows at checkout. */
  deliveryWindow: z.string({ error: 'Choose one of the delivery times offered' }).regex(WINDOW_PATTERN, 'Choose one of the delivery times offered').optional(),
});

export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;
