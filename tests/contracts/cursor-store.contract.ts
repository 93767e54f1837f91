import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FollowUpQueue } from '@/lib/domain/followups/follow-up-queue';
import type { CursorStore } from '@/lib/domain/reconcile/cursor-store';
import type { OpenStore } from './store-contract-support';

/** CursorStore: named positions, kept apart from the follow-up queue (a cursor is never work to do). */
export function describeCursorStoreContract(adapterName: string, openStore: OpenStore<CursorStore & FollowUpQueue>): void {
  describe(`CursorStore contract: ${adapterName}`, () => {
    let store: Awaited<ReturnType<typeof openStore>>;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps named cursors, each on its own', async () => {
      expect(await store.getCursor('reconcile')).toBeNull();
      await store.setCursor('reconcile', 1_900_000_000);
      await store.setCursor('reconcile', 1_900_000_500);
      expect(await store.getCursor('reconcile')).toBe(1_900_000_500);
      expect(await store.getCursor('other')).toBeNull();
    });

    it('never shows a cursor as a follow-up job', async () => {
      await store.setCursor('reconcile', 1_900_000_000);
      expect(await store.listPendingFollowUps('2100-01-01T00:00:00.000Z', 10)).toEqual([]);
      expect(await store.listFailedFollowUps(10)).toEqual([]);
      expect(await store.getFollowUp('cursor:reconcile')).toBeNull();
    });
  });
}
