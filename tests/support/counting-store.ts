import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';

/** The store ports' methods that change anything. */
const WRITES = new Set<keyof OrderStoreBackend>([
  'applyEvent',
  'recordEventFailure',
  'assignOwner',
  'claimOrdersByEmail',
  'claimFollowUp',
  'saveFollowUpProgress',
  'completeFollowUp',
  'releaseFollowUp',
  'parkFollowUp',
  'requeueFollowUp',
  'setCursor',
  'updateFulfilment',
]);

/** Wraps a store and counts calls to its write methods, so a test can assert that something wrote nothing. */
export function countingStore(store: OrderStoreBackend): { store: OrderStoreBackend; writes: () => number } {
  let writes = 0;
  const wrapped = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (WRITES.has(property as keyof OrderStoreBackend)) writes++;
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, writes: () => writes };
}
