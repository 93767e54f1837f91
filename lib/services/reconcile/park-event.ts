import type { EventLog, EventRecord, StoredEvent } from '../../domain/orders/event-log';
import type { Logger } from '../../logger';

const PARKED = 'parked by reconcile: ';

/**
 * Sets aside an event that failed every try: it stays recorded as failed, with its error, for a person to
 * look at (and for Stripe's own retries), and the reconcile cursor moves past it.
 */
export async function parkEvent(deps: { store: Pick<EventLog, 'recordEventFailure'>; logger: Logger }, record: EventRecord, error: string): Promise<void> {
  await deps.store.recordEventFailure(record, `${PARKED}${error}`);
  deps.logger.error({ eventId: record.id, eventType: record.type, err: error }, 'reconcile parked an event that keeps failing');
}

/** True for an event an earlier run parked (and nothing has retried since): known poison, not a new failure. */
export function wasParked(stored: StoredEvent | null): boolean {
  return stored?.status === 'failed' && (stored.lastError ?? '').startsWith(PARKED);
}
