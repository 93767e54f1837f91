/** A span of event creation times, in unix seconds: `gte <= created < lt`. */
export interface EventWindow {
  gte: number;
  lt: number;
}

/** Quiet stretches are crossed in windows of up to a week, so an empty month costs a dozen list calls. */
const MAX_WINDOW_SECONDS = 7 * 24 * 60 * 60;

/**
 * The window after `done`, which held `count` events: twice as long when it was under half a page, as
 * long otherwise; never past `now`. Null once the walk has reached `now`.
 */
export function nextWindow(done: EventWindow, count: number, pageSize: number, now: number): EventWindow | null {
  if (done.lt > now) return null;
  const span = done.lt - done.gte;
  const nextSpan = count < pageSize / 2 ? Math.min(span * 2, MAX_WINDOW_SECONDS) : span;
  return { gte: done.lt, lt: Math.min(done.lt + Math.max(1, nextSpan), now + 1) };
}
