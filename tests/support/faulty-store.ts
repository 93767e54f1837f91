import { createHash } from 'node:crypto';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';

export type StoreMethod = { [K in keyof OrderStoreBackend]: OrderStoreBackend[K] extends (...args: never[]) => unknown ? K : never }[keyof OrderStoreBackend];

/**
 * Where an injected failure strikes: 'before' the store does anything (a locked database, a refused
 * connection), or 'after' it committed (the write landed, the reply was lost on the way back).
 */
export type FailurePoint = 'before' | 'after';

/**
 * Wraps a store so chosen calls fail. `decide` sees the method name and arguments and answers per call:
 * false to pass, 'before' or 'after' to fail at that point (true means 'before').
 */
export function withInjectedFailures(store: OrderStoreBackend, decide: (method: StoreMethod, args: unknown[]) => FailurePoint | boolean): OrderStoreBackend {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const point = decide(property as StoreMethod, args);
        const error = new Error(`injected failure ${point === 'after' ? 'after' : 'in'} ${String(property)}`);
        if (point === true || point === 'before') throw error;
        const result: unknown = await (value as (...callArgs: unknown[]) => unknown).apply(target, args);
        if (point === 'after') throw error;
        return result;
      };
    },
  });
}

/**
 * Seeded fault decisions, one independent sequence per stream (e.g. per event id or per job key), so
 * the nth call about one delivery fails or passes the same way in every run, however concurrent
 * deliveries interleave. A shared sequence would hand each decision to whichever call came first.
 */
export function seededFaults(seed: number, rate: number): { chance(stream: string): boolean; decisions: number } {
  const calls = new Map<string, number>();
  const faults = {
    decisions: 0,
    chance(stream: string): boolean {
      const n = calls.get(stream) ?? 0;
      calls.set(stream, n + 1);
      faults.decisions++;
      const digest = createHash('sha256').update(`${seed}:${stream}:${n}`).digest();
      return digest.readUInt32BE(0) / 2 ** 32 < rate;
    },
  };
  return faults;
}
