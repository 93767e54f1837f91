/** A call that did not finish in time. */
export class DeadlineExceededError extends Error {
  constructor(readonly label: string, readonly ms: number) {
    super(`${label} did not answer within ${ms} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * Rejects when `work` has not settled after `ms`. For clients that take no timeout or abort signal (the
 * Amplify Data client's `graphql`): the caller stops waiting, though the request itself may still finish.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(label, ms)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
