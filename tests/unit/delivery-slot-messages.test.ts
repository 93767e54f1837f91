import { describe, expect, it } from 'vitest';
import { checkDeliverySlot } from '@/lib/domain/checkout/delivery-date';
import { DELIVERY_WINDOWS } from '@/lib/domain/checkout/delivery-window';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';

const NY = 'America/New_York';

describe('a delivery time that is too soon', () => {
  it('lists every window still open that day, separated by commas', () => {
    // Friday 08:00 in New York with 48 hours' notice: Sunday's 08:00 window is gone, the four later ones are open.
    const check = checkDeliverySlot('2026-03-08', '08:00-10:00', new Date('2026-03-06T13:00:00Z'), NY, { leadTimeHours: 48, deliveryWindows: DELIVERY_WINDOWS });
    // The shop's own formatter spells each window, so the test does not depend on the ICU version's spacing.
    const spelled = (['10:00-12:00', '12:00-14:00', '14:00-16:00', '16:00-18:00'] as const).map((window) => shopTimeFormatter(NY).deliveryWindow(window));
    expect(check).toMatchObject({ ok: false, field: 'deliveryWindow' });
    expect(check.ok ? '' : check.message).toMatch(/^That delivery time is too soon \(we need 48 hours' notice\)\. On Sunday, March 8, 2026 we can deliver /);
    expect(check.ok ? '' : check.message).toContain(`we can deliver ${spelled.join(', ')}.`);
  });
});
