/** The delivery windows the kitchen runs by default, on the shop's wall clock (SHOP_TIME_ZONE); DELIVERY_WINDOWS overrides them. */
export const DELIVERY_WINDOWS = ['08:00-10:00', '10:00-12:00', '12:00-14:00', '14:00-16:00', '16:00-18:00'] as const;

/** A window as "HH:MM-HH:MM" (24-hour wall clock). */
export type DeliveryWindow = string;

export const WINDOW_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Any well-formed window. Stored orders keep the window they were bought with, even after the
 * configured list changes, so this checks the shape, not today's list.
 */
export function isDeliveryWindow(value: unknown): value is DeliveryWindow {
  return typeof value === 'string' && WINDOW_PATTERN.test(value);
}

/** Minutes after midnight at which a window starts and ends. */
export function windowBounds(window: DeliveryWindow): { start: number; end: number } {
  const match = WINDOW_PATTERN.exec(window);
  if (!match) throw new Error(`Not a delivery window: ${window}`);
  return { start: Number(match[1]) * 60 + Number(match[2]), end: Number(match[3]) * 60 + Number(match[4]) };
}

/**
 * Parses a configured list ("08:00-10:00,10:00-12:00"): each window well-formed and ending after it starts,
 * no duplicates or overlaps. Returns the windows in time order, or every problem found.
 */
export function parseDeliveryWindows(list: string): { ok: true; windows: DeliveryWindow[] } | { ok: false; problems: string[] } {
  const windows = list.split(',').map((entry) => entry.trim()).filter(Boolean);
  const problems: string[] = [];
  if (windows.length === 0) problems.push('list at least one window');
  for (const window of windows) {
    if (!isDeliveryWindow(window)) problems.push(`"${window}" is not HH:MM-HH:MM`);
    else if (windowBounds(window).start >= windowBounds(window).end) problems.push(`"${window}" ends before it starts`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const sorted = [...windows].sort((a, b) => windowBounds(a).start - windowBounds(b).start);
  for (let index = 1; index < sorted.length; index++) {
    if (windowBounds(sorted[index]!).start < windowBounds(sorted[index - 1]!).end) problems.push(`"${sorted[index - 1]}" and "${sorted[index]}" overlap`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, windows: sorted };
}
