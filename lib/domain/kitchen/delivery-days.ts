import { addDays, shopToday } from '../checkout/delivery-date';
import type { Order } from '../orders/order';

/** Which deliveries the kitchen is looking at. */
export type DeliveryView = 'today' | 'tomorrow' | 'week' | 'date';

export interface DeliveryRange {
  view: DeliveryView;
  /** Inclusive calendar dates (YYYY-MM-DD) in the shop's time zone. */
  from: string;
  to: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** Monday of the week the date is in. */
function mondayOf(isoDate: string): string {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return addDays(isoDate, -((weekday + 6) % 7));
}

/**
 * The dates a view covers, in the shop's time zone ("today" in New York is still today at 11 pm there).
 * An unknown view or a malformed date falls back to today, so a bad link still shows something useful.
 */
export function deliveryRange(view: string | undefined, date: string | undefined, now: Date, timeZone: string): DeliveryRange {
  const today = shopToday(now, timeZone);
  switch (view) {
    case 'tomorrow':
      return { view, from: addDays(today, 1), to: addDays(today, 1) };
    case 'week': {
      const monday = mondayOf(today);
      return { view, from: monday, to: addDays(monday, 6) };
    }
    default:
      if (isIsoDate(date)) return { view: 'date', from: date, to: date };
      return { view: 'today', from: today, to: today };
  }
}

/** Every date in an inclusive range, oldest first (capped: a store reads at most this many days at once). */
export const MAX_RANGE_DAYS = 62;

export function datesIn(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to && dates.length < MAX_RANGE_DAYS; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** The kitchen's order of a day: by date, then delivery window (unset last), then id. */
export function byDelivery(a: Order, b: Order): number {
  return (
    (a.deliveryDate ?? '').localeCompare(b.deliveryDate ?? '') ||
    (a.deliveryWindow ?? '~').localeCompare(b.deliveryWindow ?? '~') ||
    a.id.localeCompare(b.id)
  );
}
