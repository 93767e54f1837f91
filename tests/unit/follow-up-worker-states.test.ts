import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { FollowUpWorker } from '@/lib/services/followups/worker';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { MemoryAccounts } from '../support/memory-accounts';

/**
 * The worker reads the queue synchronously when a look begins (before its first await), so whether a
 * wake() began a look is known the moment it returns: no waiting, no timing.
 */
function workerWithWatchedQueue() {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const store = SqliteOrderStore.open(':memory:', clock);
  const reads = vi.spyOn(store, 'listPendingFollowUps');
  const deps = { store, clock, logger: silentLogger, accounts: new MemoryAccounts(), mailer: LocalMailbox.open(':memory:'), siteUrl: 'http://shop.test' };
  return { worker: new FollowUpWorker(deps, { pollIntervalMs: 60_000 }), reads };
}

describe('follow-up worker states', () => {
  it('a worker that was never started does not look at the queue when woken', () => {
    const { worker, reads } = workerWithWatchedQueue();
    worker.wake();
    expect(reads).not.toHaveBeenCalled();
  });

  it('a stopped worker does not look at the queue when woken', async () => {
    const { worker, reads } = workerWithWatchedQueue();
    worker.start();
    await worker.stop();
    reads.mockClear();
    worker.wake();
    worker.start();
    expect(reads).not.toHaveBeenCalled();
  });

  it('a wake during a look joins it instead of starting a second, concurrent look', async () => {
    const { worker, reads } = workerWithWatchedQueue();
    worker.start();
    expect(reads).toHaveBeenCalledTimes(1);
    worker.wake();
    expect(reads).toHaveBeenCalledTimes(1);
    await worker.stop();
  });
});
