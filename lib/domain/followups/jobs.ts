import { z } from 'zod';
import type { FollowUpJob, StoredFollowUp } from './follow-up-queue';
import { CAPACITY_CONFIRM, CAPACITY_RELEASE, ORDER_OUT_FOR_DELIVERY, ORDER_PAID, ORDER_RECEIPT, ORDER_REFUNDED, PAYMENT_FAILED, PLAN_PAYMENT_FAILED } from './job-kinds';
import { FULFILMENT_EVENT, fulfilmentEventPayloadSchema, type FulfilmentEventPayload } from '../fulfilment-handoff/events';
import type { RenewalFailure } from '../plans/renewal-failure';

/**
 * Every kind of follow-up job and the payload it carries. The store keeps jobs as plain JSON; this union
 * is what the code may rely on once a stored job has been checked against it.
 */
export type TypedFollowUpJob =
  | { kind: typeof ORDER_PAID; key: string; payload: { orderId: string } }
  | { kind: typeof PAYMENT_FAILED; key: string; payload: { orderId: string } }
  | { kind: typeof ORDER_RECEIPT; key: string; payload: { orderId: string } }
  | { kind: typeof ORDER_REFUNDED; key: string; payload: { orderId: string; amountRefunded: number; fullyRefunded: boolean } }
  | { kind: typeof FULFILMENT_EVENT; key: string; payload: FulfilmentEventPayload }
  | { kind: typeof ORDER_OUT_FOR_DELIVERY; key: string; payload: { orderId: string } }
  | { kind: typeof CAPACITY_RELEASE; key: string; payload: { holdId: string } }
  | { kind: typeof CAPACITY_CONFIRM; key: string; payload: { holdId: string; orderId: string } }
  | { kind: typeof PLAN_PAYMENT_FAILED; key: string; payload: RenewalFailure };

export type FollowUpKind = TypedFollowUpJob['kind'];

const orderPayload = z.object({ orderId: z.string().min(1) });

const payloadSchemas: { [K in FollowUpKind]: z.ZodType<Extract<TypedFollowUpJob, { kind: K }>['payload']> } = {
  [ORDER_PAID]: orderPayload,
  [PAYMENT_FAILED]: orderPayload,
  [ORDER_RECEIPT]: orderPayload,
  [ORDER_REFUNDED]: z.object({ orderId: z.string().min(1), amountRefunded: z.number().int().nonnegative(), fullyRefunded: z.boolean() }),
  [FULFILMENT_EVENT]: fulfilmentEventPayloadSchema,
  [ORDER_OUT_FOR_DELIVERY]: orderPayload,
  [CAPACITY_RELEASE]: z.object({ holdId: z.string().min(1) }),
  [CAPACITY_CONFIRM]: z.object({ holdId: z.string().min(1), orderId: z.string().min(1) }),
  [PLAN_PAYMENT_FAILED]: z.object({
    invoiceId: z.string().min(1),
    email: z.string().min(1),
    name: z.string().nullable(),
    amount: z.number().int().nonnegative(),
    currency: z.string().min(1),
    hostedInvoiceUrl: z.string().nullable(),
  }),
};

/** A stored job that can never run as it is (unknown kind, malformed payload): retrying will not help. */
export class InvalidFollowUpJobError extends Error {
  constructor(key: string, reason: string) {
    super(`Follow-up ${key} is not a valid job: ${reason}`);
    this.name = 'InvalidFollowUpJobError';
  }
}

function isKnownKind(kind: string): kind is FollowUpKind {
  return Object.hasOwn(payloadSchemas, kind);
}

/** Checks a stored job against the union; throws InvalidFollowUpJobError if it does not fit. */
export function parseFollowUpJob(job: Pick<FollowUpJob, 'key' | 'kind' | 'payload'>): TypedFollowUpJob {
  if (!isKnownKind(job.kind)) throw new InvalidFollowUpJobError(job.key, `unknown kind "${job.kind}"`);
  const parsed = payloadSchemas[job.kind].safeParse(job.payload);
  if (!parsed.success) throw new InvalidFollowUpJobError(job.key, parsed.error.issues.map((issue) => issue.message).join('; '));
  return { kind: job.kind, key: job.key, payload: parsed.data } as TypedFollowUpJob;
}

/** One handler per kind; the mapped type makes a missing or mistyped handler a compile error. */
export type FollowUpHandlers<Deps> = {
  [K in FollowUpKind]: (deps: Deps, job: StoredFollowUp & Extract<TypedFollowUpJob, { kind: K }>) => Promise<void>;
};

/** Validates the stored job, then runs the handler for its kind with the typed payload. */
export async function dispatchFollowUp<Deps>(handlers: FollowUpHandlers<Deps>, deps: Deps, stored: StoredFollowUp): Promise<void> {
  const typed = parseFollowUpJob(stored);
  const handler = handlers[typed.kind] as (deps: Deps, job: StoredFollowUp & TypedFollowUpJob) => Promise<void>;
  return handler(deps, { ...stored, ...typed });
}
