import { describe, expect, it } from 'vitest';
import { stripeListenChoice } from '@/scripts/lib/stripe-listen';

describe('which webhook path the launcher takes', () => {
  it('follows the flags, and leaves the profile its default without one (the twin listens through the CLI)', () => {
    expect(stripeListenChoice(['node', 'dev.ts', '--stripe-listen'])).toBe(true);
    expect(stripeListenChoice(['node', 'dev.ts', '--twin', '--no-stripe-listen'])).toBe(false);
    expect(stripeListenChoice(['node', 'dev.ts', '--twin'])).toBeUndefined();
  });
});
