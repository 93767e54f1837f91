/**
 * The one place dates and times become words. Every instant is shown in the shop's time zone
 * (an evening order in New York is still that day), and a delivery date — a calendar date the
 * customer picked, not an instant — is shown as that same calendar date everywhere.
 */
export interface ShopTimeFormatter {
  readonly timeZone: string;
  /** A delivery date (YYYY-MM-DD) for people: "Friday, December 4, 2026". */
  deliveryDate(isoDate: string): string;
  /** The same, short: "Fri, Dec 4, 2026" (tables and lists). */
  deliveryDateShort(isoDate: string): string;
  /** A delivery window ("10:00-12:00", the shop's wall clock): "10:00 AM – 12:00 PM". */
  deliveryWindow(window: string): string;
  /** An instant (unix seconds) as the shop's calendar date: "Dec 4, 2026". */
  date(unixSeconds: number): string;
  /** An instant as the shop's date and time, with the zone: "Dec 4, 2026, 6:30 PM EST". */
  dateTime(unixSeconds: number): string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WINDOW = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** A calendar date as noon UTC, formatted in UTC: no zone can move it to another day. */
function calendarDate(isoDate: string): Date | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return Number.isNaN(date.getTime()) ? null : date;
}

// Building Intl formatters is costly (each email rendered one set of five), and a shop has one zone and locale.
const formatters = new Map<string, ShopTimeFormatter>();

/** The formatter for a zone and locale, built once and shared: it holds no state. */
export function shopTimeFormatter(timeZone: string, locale = 'en-US'): ShopTimeFormatter {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = buildShopTimeFormatter(timeZone, locale);
    formatters.set(key, formatter);
  }
  return formatter;
}

function buildShopTimeFormatter(timeZone: string, locale: string): ShopTimeFormatter {
  const longDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const wallClock = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' });
  const instantDate = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
  const instantDateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  const clock = (hours: string, minutes: string) => wallClock.format(new Date(Date.UTC(2000, 0, 1, Number(hours), Number(minutes))));

  return {
    timeZone,
    deliveryDate: (isoDate) => {
      const date = calendarDate(isoDate);
      return date ? longDate.format(date) : isoDate;
    },
    deliveryDateShort: (isoDate) => {
      const date = calendarDate(isoDate);
      return date ? shortDate.format(date) : isoDate;
    },
    deliveryWindow: (window) => {
      const match = WINDOW.exec(window);
      return match ? `${clock(match[1]!, match[2]!)} – ${clock(match[3]!, match[4]!)}` : window;
    },
    date: (unixSeconds) => instantDate.format(new Date(unixSeconds * 1000)),
    dateTime: (unixSeconds) => instantDateTime.format(new Date(unixSeconds * 1000)),
  };
}
