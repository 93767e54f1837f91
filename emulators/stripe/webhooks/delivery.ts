import type Stripe from 'stripe';
import { newId } from '../ids';
import type { PendingDelivery, State } from '../state/types';
import { endpointView } from './api-version';
import { eventMatches } from './schedule';
import { signatureHeader } from './signature';

export interface DeliveryHost {
  state(): State;
  /** Runs the bookkeeping after an attempt as one unit of work (see state/store.ts). */
  transaction<T>(work: () => T): T;
  log(line: string): void;
  retryScale: number;
  timeoutMs: number;
  /** Delay before each retry, in seconds (before `retryScale`); the attempt after the last one gives up. */
  retryDelaysSeconds: readonly number[];
  /** Epoch ms that due times are measured against (tests move it instead of waiting). */
  clock(): number;
}

/**
 * Sends events to webhook endpoints the way Stripe does: concurrently, signed, retried with backoff.
 * Pending deliveries live in state so they are rescheduled after a restart.
 */
export class DeliveryManager {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, AbortController>();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly host: DeliveryHost) {}

  /** Creates deliveries for every matching enabled endpoint; returns how many. */
  enqueue(event: Stripe.Event): number {
    const state = this.host.state();
    const outcomes: Record<string, 'pending'> = {};
    const created: PendingDelivery[] = [];
    for (const { endpoint } of Object.values(state.webhookEndpoints)) {
      if (endpoint.status !== 'enabled' || !eventMatches(endpoint.enabled_events, event.type)) continue;
      const delivery: PendingDelivery = {
        id: newId('whdel'),
        eventId: event.id,
        endpointId: endpoint.id,
        attempts: 0,
        nextAttemptAt: this.host.clock(),
      };
      state.deliveries[delivery.id] = delivery;
      outcomes[endpoint.id] = 'pending';
      created.push(delivery);
    }
    state.eventDeliveries[event.id] = outcomes;
    // Timers fire after the caller's unit of work has committed (and its HTTP answer is sent).
    for (const d of created) this.schedule(d);
    return created.length;
  }

  /** Reschedules persisted deliveries (after a restart). */
  restore(): void {
    for (const d of Object.values(this.host.state().deliveries)) this.schedule(d);
  }

  pendingCount(): number {
    return this.timers.size + this.inFlight.size;
  }

  waitForIdle(timeoutMs: number): Promise<void> {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        reject(new Error(`Webhook deliveries still pending after ${timeoutMs} ms (${this.pendingCount()} pending)`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  /** Cancels timers and in-flight requests; their deliveries stay persisted for the next start. */
  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    this.notifyIdle();
  }

  /** Drops all scheduled work (used by reset). */
  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const c of this.inFlight.values()) c.abort();
    this.inFlight.clear();
    this.notifyIdle();
  }

  private schedule(d: PendingDelivery): void {
    if (this.closed) return;
    const existing = this.timers.get(d.id);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(
      () => {
        this.timers.delete(d.id);
        void this.attempt(d.id);
      },
      Math.max(0, d.nextAttemptAt - this.host.clock()),
    );
    timer.unref();
    this.timers.set(d.id, timer);
  }

  private async attempt(deliveryId: string): Promise<void> {
    const state = this.host.state();
    const d = state.deliveries[deliveryId];
    if (!d || this.closed) return this.notifyIdle();
    const event = state.events[d.eventId];
    const stored = state.webhookEndpoints[d.endpointId];
    if (!event || !stored || stored.endpoint.status !== 'enabled') {
      // Endpoint deleted/disabled or event pruned: nothing left to deliver.
      this.host.transaction(() => delete state.deliveries[deliveryId]);
      return this.notifyIdle();
    }
    const controller = new AbortController();
    this.inFlight.set(deliveryId, controller);
    const payload = JSON.stringify(endpointView(event, stored.endpoint.api_version), null, 2);
    const started = Date.now();
    let ok = false;
    let detail = '';
    const timeout = setTimeout(() => controller.abort(), this.host.timeoutMs);
    try {
      const res = await fetch(stored.endpoint.url, {
        method: 'POST',
        body: payload,
        signal: controller.signal,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/xml',
          'Stripe-Signature': signatureHeader(payload, stored.secret, Math.floor(Date.now() / 1000)),
        },
      });
      // Drain the body so the socket is released.
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
      detail = String(res.status);
    } catch (err) {
      detail = err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timeout);
    }
    const wasClosed = this.closed || !this.inFlight.has(deliveryId);
    this.inFlight.delete(deliveryId);
    if (wasClosed) return this.notifyIdle();

    const attempts = d.attempts + 1;
    this.host.log(
      `webhook ${event.type} ${event.id} -> ${stored.endpoint.url} attempt ${attempts}: ${ok ? 'ok' : 'failed'} (${detail}, ${Date.now() - started} ms)`,
    );
    this.host.transaction(() => this.recordAttempt(deliveryId, attempts, ok));
    this.notifyIdle();
  }

  /** Stored records are frozen: each change writes a new value. */
  private recordAttempt(deliveryId: string, attempts: number, ok: boolean): void {
    const state = this.host.state();
    const d = state.deliveries[deliveryId];
    if (!d) return; // deleted meanwhile (endpoint removed, reset)
    const outcomes = { ...state.eventDeliveries[d.eventId] };
    const event = state.events[d.eventId];
    const delay = this.host.retryDelaysSeconds[attempts - 1];
    if (ok || delay === undefined) {
      delete state.deliveries[deliveryId];
      outcomes[d.endpointId] = ok ? 'succeeded' : 'failed';
      if (ok && event) state.events[event.id] = { ...event, pending_webhooks: Math.max(0, event.pending_webhooks - 1) };
    } else {
      const next = { ...d, attempts, nextAttemptAt: this.host.clock() + delay * 1000 * this.host.retryScale };
      state.deliveries[deliveryId] = next;
      this.schedule(next);
    }
    state.eventDeliveries[d.eventId] = outcomes;
  }

  private notifyIdle(): void {
    if (this.pendingCount() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
