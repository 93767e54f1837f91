import { afterEach, describe, expect, it, vi } from 'vitest';
import { wakeOnCommits } from '@/lib/services/followups/commit-wake';

afterEach(() => {
  vi.useRealTimers();
});

describe('waking a worker on another process’s commits', () => {
  it('wakes once per change of the counter, not on checks that find it unchanged, and never after stop', () => {
    vi.useFakeTimers();
    let version = 7;
    const wakes: number[] = [];
    const watch = wakeOnCommits(() => version, () => wakes.push(version), 20);

    vi.advanceTimersByTime(100);
    expect(wakes).toEqual([]);

    version = 8;
    vi.advanceTimersByTime(20);
    expect(wakes).toEqual([8]);
    vi.advanceTimersByTime(100);
    expect(wakes).toEqual([8]);

    // Several commits between two checks: one wake-up (the worker reads the whole queue).
    version = 9;
    version = 10;
    vi.advanceTimersByTime(20);
    expect(wakes).toEqual([8, 10]);

    watch.stop();
    version = 11;
    vi.advanceTimersByTime(1_000);
    expect(wakes).toEqual([8, 10]);
  });
});
