import type { CapacityStore } from '../../domain/capacity/capacity-store';

/**
 * Stands in when a cloud deployment has no capacity table (outputs from before it existed): every checkout
 * fails loudly with the fix, rather than selling past the kitchen's capacity.
 */
export function unconfiguredCapacityStore(reason: string): CapacityStore {
  const fail = async (): Promise<never> => {
    throw new Error(`Per-day capacity is not configured: ${reason}`);
  };
  return { reserve: fail, release: fail, confirm: fail, getHold: fail, used: fail, close: async () => undefined };
}
