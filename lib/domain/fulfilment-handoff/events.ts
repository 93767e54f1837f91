import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { FollowUpJob } from '../followups/follow-up-queue';

/** The follow-up kind that delivers one signed event to the fulfilment system. */
export const FULFILMENT_EVENT = 'fulfilment-event';

export const FULFILMENT_EVENT_TYPES = ['order.paid', 'order.refunded', 'order.fulfilment_updated'] as const;
export type FulfilmentEventType = (typeof FULFILMENT_EVENT_TYPES)[number];

/** What the job stores: enough to rebuild the event, and the facts that belong to this event alone. */
export const fulfilmentEventPayloadSchema = z.object({
  eventId: z.string().min(1),
  type: z.enum(FULFILMENT_EVENT_TYPES),
  orderId: z.string().min(1),
  /** When the cause happened (unix seconds): the Stripe event's time, or the staff change's. */
  created: z.number().int().nonnegative(),
  refund: z.object({ amountRefunded: z.number().int().nonnegative(), fullyRefunded: z.boolean() }).optional(),
  fulfilment: z
    .object({ status: z.string().min(1), previousStatus: z.string().min(1).nullable(), changedBy: z.string().nullable() })
    .optional(),
});
export type FulfilmentEventPayload = z.infer<typeof fulfilmentEventPayloadSchema>;

/**
 * A stable event id derived from what the event is about, so a redelivered Stripe event enqueues nothing new
 * and a receiver can drop a second delivery of the same event by its id.
 */
export function fulfilmentEventId(cause: string): string {
  return `hevt_${createHash('sha256').update(cause).digest('hex').slice(0, 24)}`;
}

function job(cause: string, payload: Omit<FulfilmentEventPayload, 'eventId'>): FollowUpJob {
  return { key: `${FULFILMENT_EVENT}:${cause}`, kind: FULFILMENT_EVENT, payload: { eventId: fulfilmentEventId(cause), ...payload } };
}

/** One `order.paid` per order, whichever Stripe event reported the payment. */
export function orderPaidEventJob(orderId: string, created: number): FollowUpJob {
  return job(`order.paid:${orderId}`, { type: 'order.paid', orderId, created });
}

/** One `order.refunded` per refunded total (a charge's cumulative amount), like the refund email. */
export function orderRefundedEventJob(orderId: string, created: number, amountRefunded: number, fullyRefunded: boolean): FollowUpJob {
  return job(`order.refunded:${orderId}:${amountRefunded}`, { type: 'order.refunded', orderId, created, refund: { amountRefunded, fullyRefunded } });
}

export interface FulfilmentUpdate {
  status: string;
  previousStatus: string | null;
  /** Who made the change (a staff member's email or username); null for the system. */
  changedBy: string | null;
  /** When the change was made (unix seconds); with the status it identifies the change. */
  changedAt: number;
}

/**
 * The job for a staff fulfilment change (received → preparing → …). Enqueue it in the same write as the
 * change, and only when the hand-off is configured (see fulfilmentJobs).
 */
export function orderFulfilmentUpdatedJob(orderId: string, change: FulfilmentUpdate): FollowUpJob {
  return job(`order.fulfilment_updated:${orderId}:${change.status}:${change.changedAt}`, {
    type: 'order.fulfilment_updated',
    orderId,
    created: change.changedAt,
    fulfilment: { status: change.status, previousStatus: change.previousStatus, changedBy: change.changedBy },
  });
}

/**
 * The same job from a kitchen history entry (lib/domain/kitchen/fulfilment.ts: status, ISO `at`, `by`), for
 * changeFulfilment: `fulfilmentJobs(Boolean(deps.fulfilmentWebhook), [fulfilmentUpdatedJobFor(order.id, current.status, next.history.at(-1)!)])`.
 */
export function fulfilmentUpdatedJobFor(orderId: string, previousStatus: string | null, change: { status: string; at: string; by: string | null }): FollowUpJob {
  return orderFulfilmentUpdatedJob(orderId, { status: change.status, previousStatus, changedBy: change.by, changedAt: Math.floor(Date.parse(change.at) / 1000) });
}

/** The hand-off's jobs only when a receiver is configured: with no FULFILMENT_WEBHOOK_URL nothing is queued. */
export function fulfilmentJobs(enabled: boolean, jobs: FollowUpJob[]): FollowUpJob[] {
  return enabled ? jobs : [];
}
