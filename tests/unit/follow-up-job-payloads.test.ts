import { describe, expect, it } from 'vitest';
import { InvalidFollowUpJobError, parseFollowUpJob } from '@/lib/domain/followups/jobs';

/** Realistic ids are longer than one character, so a schema that only allowed short strings would refuse them. */
const holdId = 'hold_8f2c91';
const orderId = 'cs_test_a1b2c3';

const planFailure = {
  invoiceId: 'in_1QxYz2',
  email: 'buyer@example.com',
  name: 'Ada Buyer',
  amount: 4_500,
  currency: 'gbp',
  hostedInvoiceUrl: 'https://invoice.stripe.com/i/acct_1/in_1QxYz2',
};

function refusal(kind: string, payload: Record<string, unknown>): InvalidFollowUpJobError {
  try {
    parseFollowUpJob({ key: `${kind}:k`, kind, payload });
  } catch (error) {
    if (error instanceof InvalidFollowUpJobError) return error;
    throw error;
  }
  throw new Error(`${kind} accepted ${JSON.stringify(payload)}`);
}

describe('follow-up payloads of the capacity and plan kinds', () => {
  it('accepts each kind with realistic values and hands back exactly its payload', () => {
    expect(parseFollowUpJob({ key: 'capacity-release:h', kind: 'capacity-release', payload: { holdId } })).toEqual({
      kind: 'capacity-release',
      key: 'capacity-release:h',
      payload: { holdId },
    });
    expect(parseFollowUpJob({ key: 'capacity-confirm:h', kind: 'capacity-confirm', payload: { holdId, orderId } })).toEqual({
      kind: 'capacity-confirm',
      key: 'capacity-confirm:h',
      payload: { holdId, orderId },
    });
    expect(parseFollowUpJob({ key: 'plan-payment-failed:i', kind: 'plan-payment-failed', payload: planFailure })).toEqual({
      kind: 'plan-payment-failed',
      key: 'plan-payment-failed:i',
      payload: planFailure,
    });
  });

  it('accepts a plan failure without a name or invoice page', () => {
    const bare = { ...planFailure, name: null, hostedInvoiceUrl: null };
    expect(parseFollowUpJob({ key: 'p', kind: 'plan-payment-failed', payload: bare }).payload).toEqual(bare);
  });

  it('refuses a capacity release without its hold, or with an empty one', () => {
    expect(refusal('capacity-release', {}).message).toMatch(/^Follow-up capacity-release:k is not a valid job: .*expected string, received undefined/);
    expect(refusal('capacity-release', { holdId: '' }).message).toMatch(/Too small/);
  });

  it('refuses a capacity confirmation missing either id', () => {
    expect(refusal('capacity-confirm', { orderId }).message).toMatch(/expected string, received undefined/);
    expect(refusal('capacity-confirm', { holdId }).message).toMatch(/expected string, received undefined/);
    expect(refusal('capacity-confirm', { holdId, orderId: '' }).message).toMatch(/Too small/);
  });

  it.each(['invoiceId', 'email', 'currency'] as const)('refuses a plan failure with an empty %s', (field) => {
    expect(refusal('plan-payment-failed', { ...planFailure, [field]: '' }).message).toMatch(/Too small/);
  });

  it.each(['invoiceId', 'email', 'name', 'amount', 'currency', 'hostedInvoiceUrl'] as const)('refuses a plan failure without %s', (field) => {
    const payload: Record<string, unknown> = { ...planFailure };
    delete payload[field];
    expect(refusal('plan-payment-failed', payload).message).toMatch(/^Follow-up plan-payment-failed:k is not a valid job: Invalid input/);
  });

  it('refuses a plan failure whose amount is negative or fractional', () => {
    expect(refusal('plan-payment-failed', { ...planFailure, amount: -1 }).message).toMatch(/Too small/);
    expect(refusal('plan-payment-failed', { ...planFailure, amount: 12.5 }).message).toMatch(/expected int/);
  });
});
