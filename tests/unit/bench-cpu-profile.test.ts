import { describe, expect, it } from 'vitest';
import { categoryOf, summarizeWindow, type CpuProfile } from '../../bench/cpu-profile-summary';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

// root → handle (shop) → prepare (better-sqlite3); plus (idle). Samples every 1 ms from t = 1000 µs.
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
    { id: 2, callFrame: frame('handle', 'shop:lib/webhooks/handle.ts', 9), children: [3] },
    { id: 3, callFrame: frame('prepare', 'file:///app/node_modules/better-sqlite3/lib/methods/wrappers.js', 3) },
    { id: 4, callFrame: frame('(idle)', '') },
  ],
  startTime: 0,
  endTime: 9000,
  samples: [2, 3, 3, 4, 2, 3, 4, 4],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('the CPU profile summary', () => {
  it('adds self time per function and area inside the window only, and idle apart', () => {
    // Samples at 1000…8000 µs; the window 2000–6000 holds samples 2..6: prepare, prepare, idle, handle, prepare.
    const summary = summarizeWindow(profile, 2000, 6000, 10, ['lib/webhooks/']);
    expect(summary.totalMs).toBe(5);
    expect(summary.busyMs).toBe(4);
    expect(summary.byFunction[0]).toEqual({ name: 'prepare (better-sqlite3/lib/methods/wrappers.js:4)', ms: 3, share: 0.75 });
    expect(summary.byFunction[1]).toEqual({ name: 'handle (shop:lib/webhooks/handle.ts:10)', ms: 1, share: 0.25 });
    expect(summary.byCategory.map((row) => row.name)).toEqual(['better-sqlite3', 'shop lib/webhooks']);
    // prepare runs under handle: the shop code's time including callees is all the busy time.
    expect(summary.inclusive).toEqual([{ name: 'lib/webhooks/', ms: 4, share: 1 }]);
  });

  it('names an area by package, by the shop folder, or as the runtime', () => {
    expect(categoryOf('file:///app/node_modules/@smithy/core/dist/index.js', 'x')).toBe('@smithy/core');
    expect(categoryOf('file:///app/node_modules/%40smithy/core/dist-es/index.js', 'x')).toBe('@smithy/core');
    expect(categoryOf('file:///app/node_modules/next/dist/compiled/next-server/app.js', 'x')).toBe('next (compiled deps)');
    expect(categoryOf('node:internal/streams/writable', 'write')).toBe('node internals');
    expect(categoryOf('shop:lib/adapters/sqlite/sqlite-order-store.ts', 'saveOrder')).toBe('shop lib/adapters/sqlite');
    expect(categoryOf('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
