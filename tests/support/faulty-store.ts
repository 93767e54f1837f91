import type { OrderStore } from '@/lib/orders/order-store';

type Method = { [K in keyof OrderStore]: OrderStore[K] extends (...args: never[]) => unknown ? K : never }[keyof OrderStore];

/**
 * Wraps a store so chosen calls fail, as a locked database or a network partition would.
 * `shouldFail` sees the method name and arguments and decides per call.
 */
export function withInjectedFailures(store: OrderStore, shouldFail: (method: Method, args: unknown[]) => boolean): OrderStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (shouldFail(property as Method, args)) return Promise.reject(new Error(`injected failure in ${String(property)}`));
        return (value as (...callArgs: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
