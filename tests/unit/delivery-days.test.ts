import { describe, expect, it } from 'vitest';
import { datesIn, deliveryRange, isIsoDate, MAX_RANGE_DAYS } from '@/lib/domain/kitchen/delivery-days';

const NY = 'America/New_York';

describe('the kitchen’s delivery days (shop time zone)', () => {
  // Wednesday 2026-12-02, 11:30 pm in New York (already Thursday in UTC).
  const lateEvening = new Date('2026-12-03T04:30:00Z');

  it('takes today and tomorrow in the shop’s zone, not UTC', () => {
    expect(deliveryRange('today', undefined, lateEvening, NY)).toEqual({ view: 'today', from: '2026-12-02', to: '2026-12-02' });
    expect(deliveryRange('tomorrow', undefined, lateEvening, NY)).toEqual({ view: 'tomorrow', from: '2026-12-03', to: '2026-12-03' });
    expect(deliveryRange('today', undefined, lateEvening, 'UTC')).toMatchObject({ from: '2026-12-03' });
  });

  it('takes this week as Monday to Sunday around today', () => {
    expect(deliveryRange('week', undefined, lateEvening, NY)).toEqual({ view: 'week', from: '2026-11-30', to: '2026-12-06' });
    // On a Sunday the week is the one ending that day.
    expect(deliveryRange('week', undefined, new Date('2026-12-06T15:00:00Z'), NY)).toMatchObject({ from: '2026-11-30', to: '2026-12-06' });
    // On a Monday it starts that day.
    expect(deliveryRange('week', undefined, new Date('2026-12-07T15:00:00Z'), NY)).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
  });

  it('takes a chosen date as it is, and falls back to today for a malformed one', () => {
    expect(deliveryRange('date', '2027-02-28', lateEvening, NY)).toEqual({ view: 'date', from: '2027-02-28', to: '2027-02-28' });
    expect(deliveryRange('date', '2027-02-30', lateEvening, NY)).toEqual({ view: 'today', from: '2026-12-02', to: '2026-12-02' });
    expect(deliveryRange(undefined, 'next tuesday', lateEvening, NY).view).toBe('today');
  });

  it('recognises only real YYYY-MM-DD dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-2-1')).toBe(false);
    expect(isIsoDate(20270201)).toBe(false);
  });

  it('lists the dates of a range, across month ends, capped', () => {
    expect(datesIn('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(datesIn('2026-12-02', '2026-12-01')).toEqual([]);
    expect(datesIn('2026-01-01', '2027-12-31')).toHaveLength(MAX_RANGE_DAYS);
  });
});
