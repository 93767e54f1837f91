import type Stripe from 'stripe';
import type { Clock } from '../../domain/clock';
import { subscriptionEffects, type PlanEffects } from '../../domain/plans/plan-event-facts';
import type { PlanFactSource } from '../../domain/plans/plan-state';

/**
 * Subscription events carry the subscription as it was when each was made, but Stripe stamps events in
 * whole seconds (on a test clock, all at the clock's frozen time): two portal changes in one second cannot
 * be ordered by their events. So a subscription event is applied as the subscription Stripe holds now,
 * ordered by when it was read (milliseconds): a later read always holds every earlier change, and a
 * slower process's older read loses to it. Invoice and Checkout facts need no such care: they only fill
 * in details or move one way.
 */
export async function withFreshSubscription(
  stripe: Stripe,
  clock: Clock,
  effects: PlanEffects,
  source: PlanFactSource,
): Promise<{ effects: PlanEffects; source: PlanFactSource }> {
  if (effects.fact.kind !== 'subscription_changed') return { effects, source };
  const readAt = clock.now().getTime();
  const subscription = await stripe.subscriptions.retrieve(effects.planId, { expand: ['items.data.price.product'] });
  const deleted = effects.fact.deletedAt !== null || subscription.status === 'canceled';
  return { effects: subscriptionEffects(subscription, deleted), source: { eventId: source.eventId, created: readAt } };
}
