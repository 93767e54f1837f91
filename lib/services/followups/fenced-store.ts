import type { FollowUpQueue } from '../../domain/followups/follow-up-queue';

/** The worker's lease on a job was taken over (it ran past its lease): it must stop, someone else owns the job. */
export class LeaseLostError extends Error {
  constructor(key: string) {
    super(`Lost the lease on follow-up ${key}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The store as a job handler sees it while holding a lease: progress writes carry the lease's fencing
 * token, and a refused write stops the handler, so a stale holder records nothing more for the job.
 * Handlers keep calling `saveFollowUpProgress(key, progress)` and need not know about tokens.
 */
export function fencedStore<Store extends Pick<FollowUpQueue, 'saveFollowUpProgress'>>(store: Store, token: string): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'saveFollowUpProgress') {
        return async (key: string, progress: Record<string, unknown>) => {
          if (!(await target.saveFollowUpProgress(key, progress, token))) throw new LeaseLostError(key);
          return true;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
