import { shopTimeFormatter } from '../format/shop-time';

/** Catering needs a day's notice; orders further out than this are almost always typos. */
export const MAX_DAYS_AHEAD = 365;

/** Today's calendar date (YYYY-MM-DD) in the shop's time zone. */
export function shopToday(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export type DeliveryDateCheck = { ok: true } | { ok: false; message: string };

/** The earliest and latest dates a customer may pick, as YYYY-MM-DD in the shop's time zone. */
export function deliveryDateRange(now: Date, timeZone: string): { earliest: string; latest: string } {
  const today = shopToday(now, timeZone);
  return { earliest: addDays(today, 1), latest: addDays(today, MAX_DAYS_AHEAD) };
}

export function checkDeliveryDate(isoDate: string, now: Date, timeZone: string): DeliveryDateCheck {
  const { earliest, latest } = deliveryDateRange(now, timeZone);
  const format = shopTimeFormatter(timeZone);
  // ISO dates of equal length compare correctly as strings.
  if (isoDate < earliest) return { ok: false, message: `Delivery date must be ${format.deliveryDate(earliest)} or later (we need a day's notice).` };
  if (isoDate > latest) return { ok: false, message: `Delivery date must be no later than ${format.deliveryDate(latest)}.` };
  return { ok: true };
}
