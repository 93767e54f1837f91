// One formatter per locale and currency: building an Intl.NumberFormat costs far more than using one.
const currencyFormats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, code: string): Intl.NumberFormat {
  const key = `${locale}|${code}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    currencyFormats.set(key, format);
  }
  return format;
}

/** Formats an amount in the smallest currency unit (as Stripe sends it) for display. */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  const format = currencyFormat(locale, currency.toUpperCase());
  const fractionDigits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** fractionDigits);
}
