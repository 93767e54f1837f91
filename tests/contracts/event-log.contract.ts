import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLedger } from '@/lib/domain/orders/event-ledger';
import type { EventLog } from '@/lib/domain/orders/event-log';
import { countingTransition, event, type OpenStore } from './store-contract-support';

/** EventLog: what the shop knows of each event it received (processed events come from the ledger). */
export function describeEventLogContract(adapterName: string, openStore: OpenStore<EventLog & EventLedger>): void {
  describe(`EventLog contract: ${adapterName}`, () => {
    let store: Awaited<ReturnType<typeof openStore>>;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    it('records failed attempts, counting them, with the last error', async () => {
      await store.recordEventFailure(event('evt_f'), 'first');
      await store.recordEventFailure(event('evt_f'), 'second');
      expect(await store.getEvent('evt_f')).toMatchObject({ id: 'evt_f', type: 'checkout.session.completed', status: 'failed', lastError: 'second', attempts: 2, processedAt: null });
    });

    it('never downgrades a processed event to failed', async () => {
      await store.applyEvent(event('evt_1'), countingTransition('evt_1'), 'now');
      await store.recordEventFailure(event('evt_1'), 'late failure from a concurrent copy');
      expect(await store.getEvent('evt_1')).toMatchObject({ status: 'processed', lastError: null });
    });

    it('returns null for unknown events', async () => {
      expect(await store.getEvent('evt_nope')).toBeNull();
    });
  });
}
