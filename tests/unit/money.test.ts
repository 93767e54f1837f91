import { describe, expect, it } from 'vitest';
import { formatMoney } from '@/lib/domain/money';

describe('formatMoney', () => {
  it('formats smallest-unit amounts in their own currency', () => {
    expect(formatMoney(18900, 'usd')).toBe('$189.00');
    expect(formatMoney(5, 'usd')).toBe('$0.05');
    expect(formatMoney(1500, 'eur', 'de-DE')).toBe('15,00\u00a0€');
    // Yen has no minor unit: 500 means ¥500.
    expect(formatMoney(500, 'jpy')).toBe('¥500');
  });

  it('keeps currencies apart when formatting many in turn', () => {
    expect([formatMoney(500, 'jpy'), formatMoney(500, 'usd'), formatMoney(500, 'JPY'), formatMoney(500, 'eur', 'de-DE')]).toEqual([
      '¥500',
      '$5.00',
      '¥500',
      '5,00\u00a0€',
    ]);
  });
});
