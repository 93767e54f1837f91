import type Stripe from 'stripe';
import { runFollowUp, type FollowUpDeps } from '../followups/run-follow-ups';
import { applyFact } from '../orders/order-state';
import type { ApplyOutcome, EventRecord, FollowUpJob, OrderStore, OrderTransition } from '../orders/order-store';
import { UnknownStripeObjectError } from './errors';
import { eventObjectId, followUpsForEvent, followUpsForFact, orderFactForEvent } from './event-facts';

export interface EventProcessingDeps extends FollowUpDeps {
  stripe: Stripe;
  store: OrderStore;
}

export function toEventRecord(event: Stripe.Event, receivedAt: Date): EventRecord {
  return {
    id: event.id,
    type: event.type,
    objectId: eventObjectId(event),
    apiVersion: event.api_version ?? null,
    created: event.created,
    receivedAt: receivedAt.toISOString(),
  };
}

// Copies of one event arriving together in this process share one run: one line-item fetch, one write.
const inFlight = new Map<string, Promise<ApplyOutcome>>();

/**
 * Records a verified event and applies its effect on the order, exactly once, then runs the
 * follow-up work it owes (account provisioning, email). Throws if anything failed; the caller
 * answers 500 so Stripe retries. Nothing is half-applied: the store commits the event, the order
 * and the follow-up jobs together, and a redelivery finishes whatever follow-up is still pending.
 */
export function processEvent(deps: EventProcessingDeps, event: Stripe.Event): Promise<ApplyOutcome> {
  const running = inFlight.get(event.id);
  if (running) return running;
  const run = processOnce(deps, event).finally(() => inFlight.delete(event.id));
  inFlight.set(event.id, run);
  return run;
}

async function processOnce(deps: EventProcessingDeps, event: Stripe.Event): Promise<ApplyOutcome> {
  const { outcome, factJobs } = await recordAndApply(deps, event);
  for (const job of [...followUpsForEvent(event), ...factJobs]) await runFollowUp(deps, job.key);
  return outcome;
}

/** The outcome, and the follow-ups the event's order fact added (a duplicate adds none; the sweep finishes leftovers). */
async function recordAndApply(deps: EventProcessingDeps, event: Stripe.Event): Promise<{ outcome: ApplyOutcome; factJobs: FollowUpJob[] }> {
  const { store, clock, logger } = deps;
  const record = toEventRecord(event, clock.now());
  const log = logger.child({ eventId: event.id, eventType: event.type });

  const known = await store.getEvent(event.id);
  if (known && known.status !== 'failed') {
    log.info('duplicate event acknowledged');
    return { outcome: 'duplicate', factJobs: [] };
  }

  try {
    const found = await orderFactForEvent(deps.stripe, event);
    const transition: OrderTransition | null = found
      ? { orderId: found.orderId, apply: (current) => applyFact(current, found.fact, { eventId: event.id, created: event.created }) }
      : null;
    const factJobs = followUpsForFact(found);
    const outcome = await store.applyEvent(record, transition, clock.now().toISOString(), [...followUpsForEvent(event), ...factJobs]);
    log.info({ outcome, orderId: found?.orderId }, found ? 'event applied' : 'event recorded, no effect');
    return { outcome, factJobs: outcome === 'applied' ? factJobs : [] };
  } catch (error) {
    if (error instanceof UnknownStripeObjectError) {
      // Not a failure to retry: the event itself is bogus. Keep no trace of it.
      log.warn({ objectId: error.objectId }, 'event names an unknown Stripe object; refused');
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: message }, 'event processing failed; Stripe will retry');
    await store.recordEventFailure(record, message).catch((recordError: unknown) => {
      log.error({ err: recordError instanceof Error ? recordError.message : String(recordError) }, 'could not record failure');
    });
    throw error;
  }
}
