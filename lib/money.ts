/** Formats an amount in the smallest currency unit (as Stripe sends it) for display. */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-US'): string {
  const code = currency.toUpperCase();
  const fractionDigits = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: code }).format(amountMinor / 10 ** fractionDigits);
}
