import type { SettlementOutcome } from '../state/types';

/**
 * Stripe's documented SEPA test IBANs that fail after `processing` (plus the one the CLI's
 * async_payment_failed fixture uses); any other valid IBAN succeeds, e.g. DE89370400440532013000.
 */
const FAILING_IBANS = new Set([
  'AT861904300235473202',
  'AT321904300235473204',
  'IT60X0542811101000000123456',
  'DE62370400440532013001',
]);

export function normalizeIban(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/** ISO 13616 shape plus the mod-97 check digits (no per-country length table). */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  return rest === 1;
}

/** How a debit from this (normalized) IBAN settles. */
export function ibanOutcome(iban: string): SettlementOutcome {
  return FAILING_IBANS.has(iban) ? 'failed' : 'succeeded';
}
