import { describe, expect, it } from 'vitest';
import { checkoutRequestSchema } from '@/lib/domain/checkout/checkout-request';

const valid = { lines: [{ priceId: 'price_1', quantity: 1 }], deliveryDate: '2030-01-15' };

function messagesFor(deliveryWindow: unknown): string[] {
  const result = checkoutRequestSchema.safeParse({ ...valid, deliveryWindow });
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('delivery window refusals', () => {
  it('asks the buyer to choose an offered time when the window is not text', () => {
    expect(messagesFor(1100)).toEqual(['Choose one of the delivery times offered']);
  });

  it('asks the same when the window is text in the wrong shape', () => {
    expect(messagesFor('noon')).toEqual(['Choose one of the delivery times offered']);
  });
});
