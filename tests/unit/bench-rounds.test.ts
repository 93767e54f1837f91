import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/load';
import { combine, slices } from '../../bench/webhook-rounds';

const load = (requests: number, seconds: number, samples: number[], errors = 0): LoadResult => ({
  requests,
  seconds,
  requestsPerSecond: requests / seconds,
  errors,
  samples,
  p50: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
});

describe('the bench rounds', () => {
  it('combine runs by adding requests and time, with percentiles over every sample', () => {
    const { load: total, cpuMsPerRequest } = combine([
      { load: load(100, 1, Array.from({ length: 100 }, () => 10)), cpuMs: 300 },
      { load: load(100, 3, Array.from({ length: 100 }, () => 30), 2), cpuMs: 500 },
    ]);
    expect(total.requests).toBe(200);
    expect(total.requestsPerSecond).toBe(50);
    expect(total.errors).toBe(2);
    expect(total.p50).toBe(10);
    expect(total.p99).toBe(30);
    expect(cpuMsPerRequest).toBe(4);
  });

  it('report no CPU figure when any run could not read it', () => {
    expect(combine([{ load: load(10, 1, [1]), cpuMs: 5 }, { load: load(10, 1, [1]), cpuMs: null }]).cpuMsPerRequest).toBeNull();
  });

  it('slice a stream into consecutive parts that keep every item in order', () => {
    const parts = slices([1, 2, 3, 4, 5, 6, 7], 3);
    expect(parts).toHaveLength(3);
    expect(parts.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parts.map((part) => part.length).sort()).toEqual([2, 2, 3]);
  });
});
