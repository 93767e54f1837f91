import { DELIVERY_WEEKDAYS, type DeliveryWeekday } from './plan';

const DAY_MS = 86_400_000;

/** The shop's calendar date (YYYY-MM-DD) of an instant (unix seconds). */
function shopDate(unixSeconds: number, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(unixSeconds * 1000));
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
function weekdayNumber(weekday: DeliveryWeekday): number {
  return DELIVERY_WEEKDAYS.indexOf(weekday) + 1;
}

/**
 * The delivery date of a billing period: the first chosen weekday after the day the period starts
 * (on the shop's calendar), so the kitchen always has at least a day's notice of a paid renewal.
 */
export function deliveryDateFor(periodStart: number, weekday: DeliveryWeekday, timeZone: string): string {
  const start = new Date(`${shopDate(periodStart, timeZone)}T12:00:00Z`);
  const ahead = ((weekdayNumber(weekday) - start.getUTCDay() + 7) % 7) || 7;
  return new Date(start.getTime() + ahead * DAY_MS).toISOString().slice(0, 10);
}
