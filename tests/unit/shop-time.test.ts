import { describe, expect, it } from 'vitest';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';

describe('the shop-time formatter', () => {
  const newYork = shopTimeFormatter('America/New_York');

  it("shows an evening order on the shop's date, not the server's (UTC) next day", () => {
    // 2026-12-04 23:30 UTC is 6:30 PM on December 4 in New York.
    const evening = Date.UTC(2026, 11, 4, 23, 30) / 1000;
    expect(newYork.date(evening)).toBe('Dec 4, 2026');
    expect(newYork.dateTime(evening)).toBe('Dec 4, 2026, 6:30 PM EST');
    // The same instant is already December 5 in Tokyo: the zone decides.
    expect(shopTimeFormatter('Asia/Tokyo').date(evening)).toBe('Dec 5, 2026');
  });

  it('keeps a delivery date on its calendar day in every zone', () => {
    for (const zone of ['Pacific/Kiritimati', 'America/New_York', 'Pacific/Pago_Pago', 'UTC']) {
      expect(shopTimeFormatter(zone).deliveryDate('2026-12-04')).toBe('Friday, December 4, 2026');
      expect(shopTimeFormatter(zone).deliveryDateShort('2026-12-04')).toBe('Fri, Dec 4, 2026');
    }
  });

  it('shows a delivery window on the wall clock', () => {
    expect(newYork.deliveryWindow('10:00-12:00')).toBe('10:00 AM – 12:00 PM');
    expect(newYork.deliveryWindow('16:00-18:00')).toBe('4:00 PM – 6:00 PM');
  });

  it('passes through what it cannot read rather than inventing a date', () => {
    expect(newYork.deliveryDate('not-a-date')).toBe('not-a-date');
    expect(newYork.deliveryWindow('soon')).toBe('soon');
  });

  it('is built once per zone and locale, and a cached one still formats in its own zone', () => {
    expect(shopTimeFormatter('America/New_York')).toBe(newYork);
    const tokyo = shopTimeFormatter('Asia/Tokyo');
    expect(tokyo).not.toBe(newYork);
    // 2026-12-04T23:30Z is the 4th in New York and the 5th in Tokyo.
    expect(newYork.date(Date.UTC(2026, 11, 4, 23, 30) / 1000)).toBe('Dec 4, 2026');
    expect(tokyo.date(Date.UTC(2026, 11, 4, 23, 30) / 1000)).toBe('Dec 5, 2026');
    expect(shopTimeFormatter('Asia/Tokyo', 'de-DE').date(Date.UTC(2026, 11, 4, 23, 30) / 1000)).toBe('05.12.2026');
  });
});
