import { describe, expect, it } from 'vitest';
import { checkoutSessionExpiresAt } from '@/lib/domain/checkout/session-lifetime';

describe('a Checkout Session’s expires_at', () => {
  it('is 32 minutes after creation, in whole Unix seconds: above Stripe’s 30-minute minimum, with room for clock skew', () => {
    const now = new Date('2030-01-10T12:00:00.750Z');
    const created = Math.floor(now.getTime() / 1000);
    expect(checkoutSessionExpiresAt(now)).toBe(created + 32 * 60);
    expect(Number.isInteger(checkoutSessionExpiresAt(now))).toBe(true);
  });
});
