import { describe, expect, it } from 'vitest';
import { cartServings } from '@/lib/domain/capacity/servings';
import { checkDeliverySlot, deliveryDateRange, windowStart } from '@/lib/domain/checkout/delivery-date';
import { DELIVERY_WINDOWS, parseDeliveryWindows } from '@/lib/domain/checkout/delivery-window';
import { shopInstant } from '@/lib/domain/checkout/shop-instant';
import { buildConfig } from '@/lib/config/config';
import { ConfigError } from '@/lib/config/config-error';

const NY = 'America/New_York';
const rules48 = { leadTimeHours: 48, deliveryWindows: DELIVERY_WINDOWS };

describe('wall-clock times in the shop zone', () => {
  it('uses each date’s own offset on both sides of the DST changes', () => {
    // 2026-03-08: clocks spring forward in New York (EST −5 → EDT −4).
    expect(shopInstant('2026-03-07', 8 * 60, NY).toISOString()).toBe('2026-03-07T13:00:00.000Z');
    expect(shopInstant('2026-03-08', 8 * 60, NY).toISOString()).toBe('2026-03-08T12:00:00.000Z');
    // 2026-11-01: clocks fall back (EDT −4 → EST −5).
    expect(shopInstant('2026-10-31', 8 * 60, NY).toISOString()).toBe('2026-10-31T12:00:00.000Z');
    expect(shopInstant('2026-11-01', 8 * 60, NY).toISOString()).toBe('2026-11-01T13:00:00.000Z');
    expect(windowStart('2026-11-01', '16:00-18:00', NY).toISOString()).toBe('2026-11-01T21:00:00.000Z');
    expect(shopInstant('2026-07-01', 0, 'UTC').toISOString()).toBe('2026-07-01T00:00:00.000Z');
  });
});

describe('minimum lead time', () => {
  it('counts real hours across the spring-forward change', () => {
    // Friday 08:00 EST; 48 real hours later is Sunday 09:00 EDT, so Sunday's 08:00 window is too soon.
    const now = new Date('2026-03-06T13:00:00Z');
    const range = deliveryDateRange(now, NY, rules48);
    expect(range.earliest).toBe('2026-03-08');
    expect(range.earliestWindows).toEqual(['10:00-12:00', '12:00-14:00', '14:00-16:00', '16:00-18:00']);
    expect(checkDeliverySlot('2026-03-08', '08:00-10:00', now, NY, rules48)).toMatchObject({ ok: false, field: 'deliveryWindow' });
    expect(checkDeliverySlot('2026-03-08', '10:00-12:00', now, NY, rules48)).toEqual({ ok: true, window: '10:00-12:00' });
  });

  it('counts real hours across the fall-back change', () => {
    // Friday 10:00 EDT; 48 real hours later is Sunday 09:00 EST, so Sunday's 08:00 window is too soon.
    const now = new Date('2026-10-30T14:00:00Z');
    expect(checkDeliverySlot('2026-11-01', '08:00-10:00', now, NY, rules48).ok).toBe(false);
    expect(checkDeliverySlot('2026-11-01', '10:00-12:00', now, NY, rules48).ok).toBe(true);
  });

  it('turns the day at midnight in the shop’s zone, not in UTC', () => {
    const twelveHours = { leadTimeHours: 12, deliveryWindows: DELIVERY_WINDOWS };
    // 03:00 UTC on the 10th is 22:00 on the 9th in New York: 12 h later is 10:00 on the 10th there, 15:00 in UTC.
    const now = new Date('2030-01-10T03:00:00Z');
    expect(deliveryDateRange(now, NY, twelveHours)).toMatchObject({ earliest: '2030-01-10', earliestWindows: ['10:00-12:00', '12:00-14:00', '14:00-16:00', '16:00-18:00'] });
    expect(deliveryDateRange(now, 'UTC', twelveHours)).toMatchObject({ earliest: '2030-01-10', earliestWindows: ['16:00-18:00'] });
    // One minute before and at midnight in New York: the earliest date moves only when the lead time says so.
    expect(deliveryDateRange(new Date('2030-01-10T04:59:00Z'), NY, rules48).earliest).toBe('2030-01-12');
    expect(deliveryDateRange(new Date('2030-01-12T04:59:00Z'), NY, rules48)).toMatchObject({ earliest: '2030-01-14', earliestWindows: [...DELIVERY_WINDOWS] });
    // 16:01 on the 12th: every window of the 14th starts less than 48 h from now, so the 15th is the earliest.
    expect(deliveryDateRange(new Date('2030-01-12T21:01:00Z'), NY, rules48).earliest).toBe('2030-01-15');
  });

  it('refuses past dates, a window the kitchen does not run, and assumes the first window when none is given', () => {
    const now = new Date('2030-01-10T13:30:00Z'); // 08:30 in New York
    expect(checkDeliverySlot('2030-01-08', undefined, now, NY, rules48)).toMatchObject({ ok: false, field: 'deliveryDate', message: expect.stringContaining("48 hours' notice") });
    expect(checkDeliverySlot('2030-01-20', '03:00-05:00', now, NY, rules48)).toEqual({ ok: false, field: 'deliveryWindow', message: 'Choose one of the delivery times offered.' });
    expect(checkDeliverySlot('2030-01-12', undefined, now, NY, rules48)).toMatchObject({ ok: false, field: 'deliveryWindow' });
    const refusal = checkDeliverySlot('2030-01-12', '08:00-10:00', now, NY, rules48);
    expect(refusal).toMatchObject({ ok: false, message: expect.stringContaining('10:00 AM – 12:00 PM') });
    expect(checkDeliverySlot('2030-01-12', '10:00-12:00', now, NY, rules48).ok).toBe(true);
  });
});

describe('delivery windows', () => {
  it('parses a configured list into time order', () => {
    expect(parseDeliveryWindows(' 12:00-14:00, 09:30-11:00 ')).toEqual({ ok: true, windows: ['09:30-11:00', '12:00-14:00'] });
  });

  it.each([
    ['', 'list at least one window'],
    ['9-11', '"9-11" is not HH:MM-HH:MM'],
    ['14:00-12:00', 'ends before it starts'],
    ['10:00-12:00,11:00-13:00', 'overlap'],
    ['24:00-25:00', 'is not HH:MM-HH:MM'],
  ])('refuses %j', (list, problem) => {
    const parsed = parseDeliveryWindows(list);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problems.join('; ')).toContain(problem);
  });
});

describe('servings a cart asks for', () => {
  it('multiplies serves by quantity and counts a package without serves as one per unit', () => {
    const catalog = new Map([
      ['price_a', { serves: 12 }],
      ['price_b', { serves: null }],
    ]);
    expect(cartServings([{ priceId: 'price_a', quantity: 3 }, { priceId: 'price_b', quantity: 2 }], catalog)).toBe(38);
  });
});

describe('catering configuration', () => {
  function issues(env: Record<string, string>): string {
    try {
      buildConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_test', ...env }, '/nonexistent-project');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    return '';
  }

  it('defaults to 48 hours, the standard windows and a positive capacity', () => {
    const config = buildConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_test' }, '/nonexistent-project');
    expect(config.catering).toEqual({ leadTimeHours: 48, deliveryWindows: [...DELIVERY_WINDOWS], dailyCapacityServings: 400 });
    const custom = buildConfig({ STRIPE_WEBHOOK_SECRET: 'whsec_test', CHECKOUT_LEAD_TIME_HOURS: '72', DELIVERY_WINDOWS: '11:00-13:00,17:00-19:00', DAILY_CAPACITY_SERVINGS: '250' }, '/nonexistent-project');
    expect(custom.catering).toEqual({ leadTimeHours: 72, deliveryWindows: ['11:00-13:00', '17:00-19:00'], dailyCapacityServings: 250 });
  });

  it.each([
    [{ DAILY_CAPACITY_SERVINGS: '0' }, /DAILY_CAPACITY_SERVINGS must be a whole number from 1/],
    [{ DAILY_CAPACITY_SERVINGS: '-20' }, /DAILY_CAPACITY_SERVINGS must be a whole number from 1/],
    [{ DAILY_CAPACITY_SERVINGS: 'lots' }, /DAILY_CAPACITY_SERVINGS must be a whole number/],
    [{ CHECKOUT_LEAD_TIME_HOURS: '0' }, /CHECKOUT_LEAD_TIME_HOURS must be a whole number from 1 to 720/],
    [{ CHECKOUT_LEAD_TIME_HOURS: '1.5' }, /CHECKOUT_LEAD_TIME_HOURS must be a whole number/],
    [{ DELIVERY_WINDOWS: '10:00-12:00,11:00-13:00' }, /DELIVERY_WINDOWS must be comma-separated HH:MM-HH:MM windows.*overlap/],
  ])('refuses %j at start, naming the variable', (env, message) => {
    expect(issues(env)).toMatch(message);
  });
});
