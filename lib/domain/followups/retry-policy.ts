/** How a failed follow-up is retried: exponential backoff with jitter, parked after `maxAttempts`. */
export interface RetryPolicy {
  /** Delay before the second attempt, before jitter. */
  baseDelayMs: number;
  /** No delay grows beyond this, before jitter. */
  maxDelayMs: number;
  /** Attempts (the first included) before the job is parked as failed. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, maxAttempts: 10 };

/**
 * The wait after failed attempt number `attempt` (1-based): base·2^(attempt−1), capped, then "equal
 * jitter" — half fixed, half random — so a burst of jobs failing together (Cognito down) does not
 * come back as one synchronized burst, while each retry still waits at least half its step.
 * `random` returns [0, 1), like Math.random.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 52));
  return Math.round(step / 2 + random() * (step / 2));
}

/** True when the attempt that just failed was the last one allowed. */
export function shouldPark(policy: RetryPolicy, attempt: number): boolean {
  return attempt >= policy.maxAttempts;
}
