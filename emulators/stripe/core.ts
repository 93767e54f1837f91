import type Stripe from 'stripe';
import { newId, nowSeconds } from './ids';
import type { StateIndex } from './state/indexes';
import type { State } from './state/types';
import type { SettlementScheduler } from './payments/settlement';
import type { DeliveryManager } from './webhooks/delivery';

export const API_VERSION = '2026-10-28.endive';

/** Who caused a change: the API request (id + idempotency key) or nothing (hosted page, timers). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const NO_REQUEST: RequestContext = { requestId: null, idempotencyKey: null };

export interface ResolvedOptions {
  publicUrl: string;
  siteUrl: string;
  retryScale: number;
  deliveryTimeoutMs: number;
  /** How long a delayed (SEPA) payment made on the hosted page stays `processing`. */
  asyncPaymentDelayMs: number;
  log: (line: string) => void;
}

type EventType = Stripe.Event['type'];
type EventObject<T extends EventType> = Extract<Stripe.Event, { type: T }>['data']['object'];

/** Shared services every resource module gets. */
export class Core {
  /** Hook point: told of every created event after its endpoint deliveries are queued (stripecli/ uses it). */
  readonly eventTaps: Array<(event: Stripe.Event) => void> = [];

  constructor(
    public state: State,
    readonly options: ResolvedOptions,
    private readonly persist: () => void,
    readonly deliveries: DeliveryManager,
    readonly settlements: SettlementScheduler,
    /** Kept up to date on every write to `state` (see state/tracked-state.ts). */
    readonly index: StateIndex,
  ) {}

  save(): void {
    this.persist();
  }

  /** Records an event (deep-copied snapshot of the object) and queues its webhook deliveries. */
  emit<T extends EventType>(
    type: T,
    object: EventObject<T>,
    ctx: RequestContext,
    previousAttributes?: Partial<EventObject<T>>,
  ): Stripe.Event {
    const snapshot: unknown = JSON.parse(JSON.stringify(object));
    const event = {
      id: newId('evt'),
      object: 'event' as const,
      api_version: API_VERSION,
      created: nowSeconds(),
      data: {
        object: snapshot as EventObject<T>,
        ...(previousAttributes ? { previous_attributes: previousAttributes } : {}),
      },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    // The union of specific event types can't be narrowed from a generic T; the shape is checked above.
    const stored = event as unknown as Stripe.Event;
    this.state.events[stored.id] = stored;
    // Set in place after the write: the journal serialises records when it flushes, so it sees this.
    stored.pending_webhooks = this.deliveries.enqueue(stored);
    for (const tap of this.eventTaps) tap(stored);
    this.save();
    return stored;
  }
}
