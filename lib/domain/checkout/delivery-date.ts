import { shopTimeFormatter } from '../format/shop-time';
import type { CateringRules } from './catering-rules';
import { windowBounds, type DeliveryWindow } from './delivery-window';
import { shopInstant } from './shop-instant';

/** Orders further out than this are almost always typos. */
export const MAX_DAYS_AHEAD = 365;

/** The parts of the rules that decide which dates and windows may be picked. */
export type SlotRules = Pick<CateringRules, 'leadTimeHours' | 'deliveryWindows'>;

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

/** When a window on a date starts, as an instant (the window is on the shop's wall clock). */
export function windowStart(isoDate: string, window: DeliveryWindow, timeZone: string): Date {
  return shopInstant(isoDate, windowBounds(window).start, timeZone);
}

/** The windows on this date that still start at least the lead time after `now`. */
export function windowsOpenOn(isoDate: string, now: Date, timeZone: string, rules: SlotRules): DeliveryWindow[] {
  const cutoff = now.getTime() + rules.leadTimeHours * 3_600_000;
  return rules.deliveryWindows.filter((window) => windowStart(isoDate, window, timeZone).getTime() >= cutoff);
}

export interface DeliveryDateRange {
  /** The first date with at least one window outside the lead time. */
  earliest: string;
  latest: string;
  /** The windows still open on the earliest date (later dates offer every window). */
  earliestWindows: DeliveryWindow[];
}

/** The dates a customer may pick, as YYYY-MM-DD in the shop's time zone. */
export function deliveryDateRange(now: Date, timeZone: string, rules: SlotRules): DeliveryDateRange {
  const today = shopToday(now, timeZone);
  let earliest = today;
  let open = windowsOpenOn(earliest, now, timeZone, rules);
  // The lead time is bounded by configuration (at most a year), so this ends.
  while (open.length === 0) {
    earliest = addDays(earliest, 1);
    open = windowsOpenOn(earliest, now, timeZone, rules);
  }
  return { earliest, latest: addDays(today, MAX_DAYS_AHEAD), earliestWindows: open };
}

export type DeliveryDateCheck = { ok: true; window: DeliveryWindow } | { ok: false; field: 'deliveryDate' | 'deliveryWindow'; message: string };

/**
 * Checks a date and window against the kitchen's rules: a window it runs, starting at least the lead time
 * from now (counted in the shop's zone), within a year. Without a window (API callers) the day's first
 * window is assumed, the strictest reading.
 */
export function checkDeliverySlot(isoDate: string, window: DeliveryWindow | undefined, now: Date, timeZone: string, rules: SlotRules): DeliveryDateCheck {
  const { earliest, latest } = deliveryDateRange(now, timeZone, rules);
  const format = shopTimeFormatter(timeZone);
  if (window !== undefined && !rules.deliveryWindows.includes(window)) {
    return { ok: false, field: 'deliveryWindow', message: 'Choose one of the delivery times offered.' };
  }
  const chosen = window ?? rules.deliveryWindows[0]!;
  const notice = `we need ${rules.leadTimeHours} hours' notice`;
  if (isoDate > latest) return { ok: false, field: 'deliveryDate', message: `Delivery date must be no later than ${format.deliveryDate(latest)}.` };
  // ISO dates of equal length compare correctly as strings.
  if (isoDate < earliest) return { ok: false, field: 'deliveryDate', message: `Delivery date must be ${format.deliveryDate(earliest)} or later (${notice}).` };
  if (!windowsOpenOn(isoDate, now, timeZone, rules).includes(chosen)) {
    const open = windowsOpenOn(isoDate, now, timeZone, rules).map((entry) => format.deliveryWindow(entry));
    return {
      ok: false,
      field: 'deliveryWindow',
      message: `That delivery time is too soon (${notice}). On ${format.deliveryDate(isoDate)} we can deliver ${open.join(', ')}.`,
    };
  }
  return { ok: true, window: chosen };
}
