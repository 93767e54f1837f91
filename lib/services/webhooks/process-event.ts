import type Stripe from 'stripe';
import type { FollowUpDeps } from '../followups/run-follow-ups';
import { applyFact } from '../../domain/orders/order-state';
import type { ApplyOutcome, EventLedger, OrderTransition } from '../../domain/orders/event-ledger';
import type { EventLog, EventRecord } from '../../domain/orders/event-log';
import { UnknownStripeObjectError } from './errors';
import { fulfilmentJobsFor } from '../fulfilment-handoff/jobs-for-event';
import { followUpsForEvent, orderFactForEvent, type KnownOrders } from './event-facts';
import { eventObjectId, followUpsForFact } from '../../domain/webhooks/order-event-facts';
import { applyPlanEffects } from '../plans/apply-plan-event';
import { planEffectsForEvent } from '../plans/plan-event-facts';
import { planFollowUps } from '../plans/plan-follow-ups';
import { withFreshSubscription } from '../plans/fresh-subscription';
import type { PlanStore } from '../../domain/plans/plan-store';
import { getShopDetails } from '../../config/shop';

export interface EventProcessingDeps extends FollowUpDeps {
  stripe: Stripe;
  /** The event log and its unit of work, the orders events refer to, and the queue its jobs go to. */
  store: FollowUpDeps['store'] & EventLog & EventLedger & KnownOrders;
  /** Tells the follow-up worker that new jobs were committed (locally an in-process wake-up; in the cloud the table's stream does it). */
  wakeFollowUps?: () => void;
  /** Where recurring plans live; without it, subscription events are recorded but change no plan. */
  plans?: PlanStore;
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
 * Records a verified event and applies its effect on the order, exactly once, committing the follow-up
 * jobs it owes (account provisioning, email) in the same transaction, then wakes the worker. The work
 * itself runs after the response, off the webhook's path: a Cognito or email failure is the queue's to
 * retry, never a 500 for Stripe. Throws only if recording the event failed, so Stripe retries that.
 */
export function processEvent(deps: EventProcessingDeps, event: Stripe.Event): Promise<ApplyOutcome> {
  const running = inFlight.get(event.id);
  if (running) return running;
  const run = processOnce(deps, event).finally(() => inFlight.delete(event.id));
  inFlight.set(event.id, run);
  return run;
}

async function processOnce(deps: EventProcessingDeps, event: Stripe.Event): Promise<ApplyOutcome> {
  const { store, clock, logger } = deps;
  const record = toEventRecord(event, clock.now());
  const log = logger.child({ eventId: event.id, eventType: event.type });

  const known = await store.getEvent(event.id);
  if (known && known.status !== 'failed') {
    log.info('duplicate event acknowledged');
    return 'duplicate';
  }

  try {
    const planEffects = planEffectsForEvent(event, (deps.shop ?? getShopDetails()).timeZone);
    if (planEffects && deps.plans) {
      const fresh = await withFreshSubscription(deps.stripe, clock, planEffects, { eventId: event.id, created: event.created });
      await applyPlanEffects(deps.plans, fresh.effects, fresh.source);
    } else if (planEffects) log.warn({ planId: planEffects.planId }, 'plan event with no plan store configured');
    // A paid invoice's delivery order goes through the order state machine like a Checkout order.
    const found = (await orderFactForEvent(deps.stripe, event, store)) ?? planEffects?.order ?? null;
    const transition: OrderTransition | null = found
      ? { orderId: found.orderId, apply: (current) => applyFact(current, found.fact, { eventId: event.id, created: event.created }) }
      : null;
    // The event's own jobs (provisioning) and those its order fact owes (receipt, refund email).
    const owed = [...followUpsForEvent(event), ...followUpsForFact(found), ...planFollowUps(planEffects)];
    // The fulfilment hand-off's signed events, in the same transaction, only when a receiver is configured.
    const followUps = deps.fulfilmentWebhook ? [...owed, ...fulfilmentJobsFor(owed, event.created)] : owed;
    const outcome = await store.applyEvent(record, transition, clock.now().toISOString(), followUps);
    if (outcome === 'applied' && followUps.length > 0) deps.wakeFollowUps?.();
    log.info({ outcome, orderId: found?.orderId }, found ? 'event applied' : 'event recorded, no effect');
    return outcome;
  } catch (error) {
    if (error instanceof UnknownStripeObjectError) {
      // Not a failure to retry: the event itself is bogus. Keep no trace of it.
      log.warn({ objectId: error.objectId }, 'event names an unknown Stripe object; refused');
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: error }, 'event processing failed; Stripe will retry');
    await store.recordEventFailure(record, message).catch((recordError: unknown) => {
      log.error({ err: recordError }, 'could not record failure');
    });
    throw error;
  }
}
