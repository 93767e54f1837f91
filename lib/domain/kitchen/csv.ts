/**
 * CSV as RFC 4180 has it (fields quoted when they hold a comma, quote or line break; quotes doubled; CRLF
 * between records), with spreadsheet formula injection defused: a cell starting with = + - @ (or a tab or
 * carriage return, which some spreadsheets skip before one) is prefixed with an apostrophe, as OWASP advises,
 * so a customer's note can never run as a formula in the kitchen's spreadsheet.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Numbers are the shop's own (quantities, cents): negative ones stay numbers.
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
