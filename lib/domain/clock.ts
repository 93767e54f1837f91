/**
 * The current time, passed in (to the store, the mailbox, the follow-up worker, checkout) so that date
 * rules, leases and retry schedules can be tested at any moment without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: for tests of leases, backoff and "not before" rules. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
