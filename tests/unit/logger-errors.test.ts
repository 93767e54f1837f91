import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/logger';

function recording() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { lines, logger };
}

describe('errors in the log', () => {
  it('keep their type, message, stack and cause chain, under err or nested', () => {
    const { lines, logger } = recording();
    const root = new TypeError('socket hang up');
    const failure = Object.assign(new Error('could not save the order', { cause: new Error('transaction aborted', { cause: root }) }), { code: 'store_down', statusCode: 503 });
    logger.error({ err: failure }, 'save failed');
    logger.error(failure, 'as the only argument');
    logger.warn({ attempt: { err: root } }, 'nested');

    const [first, second, third] = lines;
    const whole = {
      type: 'Error',
      message: 'could not save the order',
      stack: expect.stringMatching(/^Error: could not save the order\n\s+at .*logger-errors\.test\.ts/),
      code: 'store_down',
      statusCode: 503,
      cause: { type: 'Error', message: 'transaction aborted', stack: expect.stringContaining('transaction aborted'), cause: { type: 'TypeError', message: 'socket hang up', stack: expect.any(String) } },
    };
    expect(first).toMatchObject({ msg: 'save failed', err: whole });
    expect(second).toMatchObject({ msg: 'as the only argument', err: whole });
    expect(third).toMatchObject({ attempt: { err: { type: 'TypeError', message: 'socket hang up', stack: expect.stringContaining('TypeError: socket hang up') } } });
  });

  it('still scrub secrets and personal data from an error’s message and stack, and leave out the objects an SDK hangs on it', () => {
    const { lines, logger } = recording();
    class StripeAuthenticationError extends Error {}
    const stripeLike = Object.assign(new StripeAuthenticationError('Invalid API Key provided: sk_test_abcdefghijkl for ada@example.com'), {
      requestId: 'req_123',
      raw: { billing_details: { name: 'Ada Lovelace', address: { line1: '1 Main St' } } },
      headers: { 'stripe-signature': 't=1,v1=abc' },
    });
    logger.error({ err: new Error('checkout failed', { cause: stripeLike }) }, 'checkout failed');

    const text = JSON.stringify(lines);
    for (const secret of ['sk_test_abcdefghijkl', 'ada@example.com', 'Ada Lovelace', '1 Main St', 'v1=abc']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      err: { message: 'checkout failed', cause: { type: 'StripeAuthenticationError', requestId: 'req_123', message: 'Invalid API Key provided: [redacted key] for [redacted email]' } },
    });
    const cause = (lines[0]!.err as { cause: Record<string, unknown> }).cause;
    expect(cause.stack).toContain('[redacted key]');
    expect(Object.keys(cause)).not.toContain('raw');
  });

  it('end a cycle of causes instead of following it forever', () => {
    const { lines, logger } = recording();
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    logger.error({ err: a }, 'cyclic');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ err: { message: 'a', cause: { message: 'b', cause: { message: 'a' } } } });
  });
});
