/** Rows the quote form offers; staff leave unused rows empty. */
export const CATALOG_ROWS = 5;
export const CUSTOM_ROWS = 3;

type FormLike = Pick<FormData, 'get'>;

function text(form: FormLike, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** "12" or "12.5" → 12 (a number the schema then judges); anything else → NaN, refused by the schema. */
function whole(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** Dollars as staff type them ("450", "450.00", "1,250.50") → cents; NaN when it is not an amount. */
export function dollarsToCents(value: string): number {
  const cleaned = value.replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return Number.NaN;
  const [units = '0', cents = ''] = cleaned.split('.');
  return Number(units) * 100 + Number(cents.padEnd(2, '0'));
}

/**
 * The quote form's fields as the shape createQuote validates. Empty rows are skipped; everything else is
 * passed on as typed, so the schema's messages (not this parser) explain what is wrong.
 */
export function quoteInputFromForm(form: FormLike): Record<string, unknown> {
  const lines: Record<string, unknown>[] = [];
  for (let row = 0; row < CATALOG_ROWS; row++) {
    const priceId = text(form, `catalog.${row}.priceId`);
    if (priceId) lines.push({ kind: 'catalog', priceId, quantity: whole(text(form, `catalog.${row}.quantity`)) });
  }
  for (let row = 0; row < CUSTOM_ROWS; row++) {
    const name = text(form, `custom.${row}.name`);
    if (name) {
      lines.push({ kind: 'custom', name, unitAmount: dollarsToCents(text(form, `custom.${row}.price`)), quantity: whole(text(form, `custom.${row}.quantity`)) });
    }
  }
  return {
    customerEmail: text(form, 'customerEmail'),
    deliveryDate: text(form, 'deliveryDate'),
    deliveryWindow: text(form, 'deliveryWindow'),
    lines,
  };
}
