import { describe, expect, it } from 'vitest';
import { advance, canMove, FULFILMENT_STATUSES, NOT_STARTED, type FulfilmentStatus } from '@/lib/domain/kitchen/fulfilment';

const LEGAL: ReadonlySet<string> = new Set([
  'received->preparing',
  'received->cancelled',
  'preparing->out_for_delivery',
  'preparing->cancelled',
  'out_for_delivery->delivered',
]);

const everyPair: [FulfilmentStatus, FulfilmentStatus][] = FULFILMENT_STATUSES.flatMap((from) => FULFILMENT_STATUSES.map((to) => [from, to] as [FulfilmentStatus, FulfilmentStatus]));

describe('fulfilment transitions', () => {
  it.each(everyPair)('%s → %s is allowed only if it is a forward step or a cancellation before dispatch', (from, to) => {
    expect(canMove(from, to)).toBe(LEGAL.has(`${from}->${to}`));
  });

  it('refuses the moves the kitchen must never make', () => {
    expect(canMove('delivered', 'preparing')).toBe(false);
    expect(canMove('out_for_delivery', 'cancelled')).toBe(false);
    expect(canMove('cancelled', 'received')).toBe(false);
    expect(canMove('received', 'delivered')).toBe(false);
  });

  it('records who moved it and when, and bumps the version', () => {
    const preparing = advance(NOT_STARTED, 'preparing', { at: '2030-01-01T09:00:00.000Z', by: 'chef@example.com' });
    const out = advance(preparing, 'out_for_delivery', { at: '2030-01-01T11:00:00.000Z', by: 'driver@example.com' });
    expect(out).toEqual({
      status: 'out_for_delivery',
      version: 2,
      history: [
        { status: 'preparing', at: '2030-01-01T09:00:00.000Z', by: 'chef@example.com' },
        { status: 'out_for_delivery', at: '2030-01-01T11:00:00.000Z', by: 'driver@example.com' },
      ],
    });
    expect(NOT_STARTED.version).toBe(0);
  });
});
