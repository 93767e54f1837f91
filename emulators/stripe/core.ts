import type Stripe from 'stripe';
import { newId } from './ids';
import { copyJson } from './json-copy';
import type { StateIndex } from './state/indexes';
import type { PendingSettlement, SettlementOutcome, State } from './state/types';

/** What resources need from webhook delivery (webhooks/delivery.ts), without importing it: no cycle. */
export interface DeliveryQueue {
  /** Queues the event for every matching endpoint; returns how many. */
  enqueue(event: Stripe.Event): number;
}

/** What resources need from delayed settlement (payments/settlement.ts), without importing it. */
export interface SettlementQueue {
  add(pending: PendingSettlement): void;
  /** Settles now; false if nothing was pending for this PaymentIntent. */
  settleNow(paymentIntentId: string, outcome?: SettlementOutcome): boolean;
}

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
  /** Epoch ms that settlement and retry due times are measured against. */
  clock: () => number;
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
    /** Runs work as one unit: its writes are committed together, or undone if it throws (state/store.ts). */
    readonly transaction: <T>(work: () => T) => T,
    readonly deliveries: DeliveryQueue,
    readonly settlements: SettlementQueue,
    /** Kept up to date on every write to `state` (see state/tracked-state.ts). */
    readonly index: StateIndex,
  ) {}

  /** The emulator's clock in Unix seconds (the `clock` option): what tests move to reach expiries. */
  nowSeconds(): number {
    return Math.floor(this.options.clock() / 1000);
  }

  /** Records an event (deep-copied snapshot of the object) and queues its webhook deliveries. */
  emit<T extends EventType>(
    type: T,
    object: EventObject<T>,
    ctx: RequestContext,
    previousAttributes?: Partial<EventObject<T>>,
  ): Stripe.Event {
    const snapshot: unknown = copyJson(object);
    const event = {
      id: newId('evt'),
      object: 'event' as const,
      api_version: API_VERSION,
      created: this.nowSeconds(),
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
    // Deliveries are queued first so the event is stored once, with its count (stored records are frozen).
    const withCount = { ...stored, pending_webhooks: this.deliveries.enqueue(stored) } as Stripe.Event;
    this.state.events[stored.id] = withCount;
    for (const tap of this.eventTaps) tap(withCount);
    return withCount;
  }
}
