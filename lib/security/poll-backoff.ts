export interface BackoffOptions {
  /** The first wait. */
  firstMs: number;
  /** Each wait is this many times the one before… */
  factor: number;
  /** …up to this. */
  maxMs: number;
}

/** The confirming page's refresh schedule: quick at first (a webhook usually lands in seconds), then ever gentler. */
export const CONFIRMING_POLL: BackoffOptions = { firstMs: 1500, factor: 1.5, maxMs: 30_000 };

/** The wait before refresh number `attempt` (0-based). */
export function pollDelay(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxMs, Math.round(options.firstMs * options.factor ** Math.max(0, attempt)));
}
