import { describe, expect, it } from 'vitest';
import { fencedStore, LeaseLostError } from '@/lib/services/followups/fenced-store';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';

const KEY = 'order-paid:cs_1';

/** A store holding one job, claimed under `token`. */
async function claimedJob(token: string) {
  const store = SqliteOrderStore.open(':memory:');
  await store.applyEvent(
    { id: 'evt_1', type: 'test', objectId: null, apiVersion: null, created: 1, receivedAt: 'now' },
    null,
    '2030-01-01T00:00:00.000Z',
    [{ key: KEY, kind: 'order-paid', payload: { orderId: 'cs_1' } }],
  );
  await store.claimFollowUp(KEY, '2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', token);
  return store;
}

describe('the store a job handler sees under its lease', () => {
  it('records progress under the lease’s token', async () => {
    const store = await claimedJob('mine');
    expect(await fencedStore(store, 'mine').saveFollowUpProgress(KEY, { step: 1 })).toBe(true);
    expect((await store.getFollowUp(KEY))?.progress).toEqual({ step: 1 });
  });

  it('stops a holder whose lease was taken over: its write is refused and it throws LeaseLostError', async () => {
    const store = await claimedJob('someone-else');
    const write = fencedStore(store, 'stale').saveFollowUpProgress(KEY, { step: 1 });
    await expect(write).rejects.toThrow(LeaseLostError);
    await expect(write).rejects.toMatchObject({ name: 'LeaseLostError', message: `Lost the lease on follow-up ${KEY}` });
    expect((await store.getFollowUp(KEY))?.progress).toEqual({});
  });

  it('passes every other call through to the store, bound to it', async () => {
    /** A store whose methods need their own `this` (private fields cannot be reached through a proxy). */
    class PrivateStateStore {
      readonly label = 'private-state';
      #orders = new Map([['cs_1', 'the order']]);
      async getOrder(id: string) {
        return this.#orders.get(id) ?? null;
      }
    }
    const fenced = fencedStore(new PrivateStateStore() as unknown as OrderStoreBackend, 'token') as unknown as PrivateStateStore;
    expect(await fenced.getOrder('cs_1')).toBe('the order');
    expect(fenced.label).toBe('private-state');
  });
});
