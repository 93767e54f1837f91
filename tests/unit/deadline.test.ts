import { describe, expect, it } from 'vitest';
import { DeadlineExceededError, withDeadline } from '@/lib/security/deadline';

describe('withDeadline', () => {
  it('passes a result through', async () => {
    expect(await withDeadline(Promise.resolve(42), 1_000, 'answer')).toBe(42);
  });

  it('passes a failure through', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 1_000, 'answer')).rejects.toThrow('boom');
  });

  it('gives up on a call that never settles', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withDeadline(never, 50, 'AppSync')).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});
