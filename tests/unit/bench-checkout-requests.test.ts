import { describe, expect, it } from 'vitest';
import { checkoutRequests } from '../../bench/checkout-requests';
import { DEFAULT_CATERING_RULES } from '../../lib/domain/checkout/catering-rules';
import { checkoutRequestSchema } from '../../lib/domain/checkout/checkout-request';
import { checkDeliverySlot } from '../../lib/domain/checkout/delivery-date';

// The bench's checkout row must measure the route's work: every request it sends is one the shop accepts.
describe('the bench checkout requests', () => {
  const now = new Date('2026-12-02T23:30:00Z');

  it('carry a delivery date and window the default rules accept, over a whole rotation of dates', () => {
    const next = checkoutRequests('price_bench', now);
    for (let index = 0; index < 310; index++) {
      const { body, headers } = next();
      expect(headers['content-type']).toBe('application/json');
      const request = checkoutRequestSchema.parse(JSON.parse(body));
      expect(checkDeliverySlot(request.deliveryDate, request.deliveryWindow, now, 'America/New_York', DEFAULT_CATERING_RULES)).toMatchObject({ ok: true });
      expect(checkDeliverySlot(request.deliveryDate, request.deliveryWindow, now, 'Pacific/Kiritimati', DEFAULT_CATERING_RULES)).toMatchObject({ ok: true });
    }
  });

  it('spread the requests over many dates, so no one day fills', () => {
    const next = checkoutRequests('price_bench', now);
    const dates = new Set(Array.from({ length: 300 }, () => (JSON.parse(next().body) as { deliveryDate: string }).deliveryDate));
    expect(dates.size).toBe(300);
  });
});
