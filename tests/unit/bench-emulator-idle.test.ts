import { describe, expect, it } from 'vitest';
import { waitIdle } from '../../bench/emulator-process';

describe('the micro bench waits for an emulator to go idle', () => {
  it('returns only after the CPU counter has stopped moving for the quiet polls in a row', async () => {
    // Busy for five reads (deferred work still running), then flat.
    const counter = [0, 10, 20, 30, 40, 50];
    let reads = 0;
    const read = (): number => counter[Math.min(reads++, counter.length - 1)] ?? 0;
    const wait = await waitIdle(read, 1, 2, 60_000);
    expect(wait.settled).toBe(true);
    // Six reads reach the flat value; two more quiet ones confirm it.
    expect(reads).toBe(counter.length + 2);
  });

  it('gives up at the cap, saying so, when the counter never rests', async () => {
    let cpu = 0;
    const wait = await waitIdle(() => (cpu += 10), 1, 2, 30);
    expect(wait.settled).toBe(false);
    expect(cpu).toBeGreaterThan(10);
  });
});
