import type { SettlementOutcome } from '../state/types';

/**
 * Stripe's documented test account numbers that fail after `processing`; any other account number
 * (e.g. 000123456789) succeeds.
 */
const FAILING_ACCOUNTS = new Set(['000111111113', '000111111116', '000222222227', '000333333335']);

/** ABA routing numbers: nine digits with the 3-7-1 checksum. */
export function routingNumberValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  const sum = 3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) + 7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) + ((d[2] ?? 0) + (d[5] ?? 0) + (d[8] ?? 0));
  return sum % 10 === 0;
}

export function accountNumberValid(account: string): boolean {
  return /^\d{4,17}$/.test(account);
}

/** How a debit from this account settles. */
export function accountOutcome(account: string): SettlementOutcome {
  return FAILING_ACCOUNTS.has(account) ? 'failed' : 'succeeded';
}
