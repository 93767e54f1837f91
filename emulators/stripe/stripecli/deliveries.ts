import type Stripe from 'stripe';
import { newId, nowSeconds } from '../ids';
import { RETRY_DELAYS_SECONDS } from '../webhooks/schedule';
import { AttemptLog, type CliDeliveryAttempt } from './attempt-log';
import type { CliConnection, Timers } from './connection';
import { webhookEventFrame } from './frames';
import type { StripeCliHost } from './host';
import type { CliMessage } from './protocol';

/** Each event goes out twice: for default-version listeners and for `--latest` ones (the CLI drops the other). */
type Copy = 'default' | 'latest';
const COPIES: readonly Copy[] = ['default', 'latest'];

/** How long a listener whose CLI went away keeps collecting events for its return. */
const DEFAULT_IDLE_TTL_MS = 24 * 3600 * 1000;
/** Acknowledged deliveries kept per listener in case the CLI died before forwarding them. */
const MAX_AWAITING_RESPONSE = 1000;
/** The CLI gives each forward 30 s; an acknowledged event with no answer after this is overdue. */
const DEFAULT_RESPONSE_WAIT_MS = 40_000;

interface Delivery {
  conversationId: string;
  eventId: string;
  /** The event's type: the CLI forwards only the types it was started with. */
  type: string;
  listener: Listener;
  /** Frames of the current attempt, by webhook_id. */
  frames: Map<string, Copy>;
  unacked: Set<Copy>;
  /** Acknowledged in this attempt, no webhook_response yet. */
  awaitingResponse: boolean;
  ackSession: string | null;
  /** Times it was sent again because a new CLI process took over before it answered. */
  restartResends: number;
  attempts: number;
  retry: unknown;
  /** Running between the acknowledgement and the response; when it fires the answer is overdue. */
  responseWait: unknown;
  overdue: boolean;
}

interface Listener {
  /** device + forwarding URLs: a restarted `stripe listen` is the same listener. */
  key: string;
  /** Its name in the delivery ledger (like a webhook endpoint id). */
  target: string;
  deliveries: Map<string, Delivery>;
  connection: CliConnection | null;
  lastSessionId: string | null;
  idle: unknown;
  /** Types this listener has answered: an overdue one of these was a failed forward, not a filtered type. */
  forwardedTypes: Set<string>;
}

export interface CliDeliveriesOptions {
  host: StripeCliHost;
  secret: string;
  apiVersion: string;
  timers: Timers;
  idleTtlMs?: number;
  responseWaitMs?: number;
}

/**
 * Delivers events to `stripe listen` at least once. Per listener, a delivery stays queued until the
 * CLI acknowledges it and is sent again on every reconnect until then (frames sent after the CLI's
 * close frame are lost). Its webhook_response is the delivery attempt: 2xx succeeds, anything else
 * is retried on Stripe's schedule. A new CLI process for the same listener also gets what the last
 * one acknowledged but never answered (it may have died before forwarding). An acknowledged event
 * the CLI never answers is a failed forward (endpoint down or too slow) once the listener is known
 * to forward its type, and is then retried too; until then it may be a type the CLI filters out.
 */
export class CliDeliveries {
  private readonly listeners = new Map<string, Listener>();
  private readonly byWebhookId = new Map<string, Delivery>();
  private readonly attemptLog = new AttemptLog();
  /** Which listener each CLI session feeds (listener keys by websocket id). */
  private readonly sessionListeners = new Map<string, string>();
  private readonly idleTtlMs: number;
  private readonly responseWaitMs: number;
  private closed = false;

  constructor(private readonly options: CliDeliveriesOptions) {
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.responseWaitMs = options.responseWaitMs ?? DEFAULT_RESPONSE_WAIT_MS;
  }

  /** A CLI connected (or reconnected) for a listener: it starts receiving events from now on. */
  connect(key: string, connection: CliConnection): void {
    const listener = this.listenerFor(key, connection.sessionId);
    if (listener.idle !== null) this.options.timers.clear(listener.idle);
    listener.idle = null;
    const newProcess = listener.lastSessionId !== null && listener.lastSessionId !== connection.sessionId;
    listener.lastSessionId = connection.sessionId;
    listener.connection = connection;
    for (const d of listener.deliveries.values()) {
      if (newProcess && d.awaitingResponse && d.unacked.size === 0 && d.ackSession !== connection.sessionId && d.restartResends < 1) {
        d.restartResends++;
        d.awaitingResponse = false;
        d.unacked = new Set(COPIES);
      }
      this.send(d);
    }
  }

  disconnect(connection: CliConnection): void {
    for (const listener of this.listeners.values()) {
      if (listener.connection !== connection) continue;
      listener.connection = null;
      if (!this.closed) listener.idle = this.options.timers.set(() => this.expire(listener), this.idleTtlMs);
    }
  }

  /** A new event: one delivery per listener, counted in the event's `pending_webhooks`. */
  eventCreated(event: Stripe.Event): void {
    for (const listener of this.listeners.values()) {
      this.options.host.recordOutcome(event.id, listener.target, 'pending');
      this.deliver(listener, event);
    }
  }

  /** `stripe events resend`: a fresh copy to every listener; returns how many. */
  resend(event: Stripe.Event): number {
    for (const listener of this.listeners.values()) this.deliver(listener, event);
    return this.listeners.size;
  }

  handle(connection: CliConnection, message: CliMessage): void {
    const d = this.byWebhookId.get(message.webhook_id);
    if (!d) return; // an answer to an attempt that is already settled
    const copy = d.frames.get(message.webhook_id);
    if (message.type === 'event_ack') {
      if (copy) d.unacked.delete(copy);
      if (!d.awaitingResponse) {
        d.awaitingResponse = true;
        d.ackSession = connection.sessionId;
        // The CLI has it; the response (if it forwards this type at all) settles the attempt.
        this.options.host.recordOutcome(d.eventId, d.listener.target, 'succeeded');
        d.responseWait = this.options.timers.set(() => this.responseOverdue(d), this.responseWaitMs);
        this.trimAwaiting(d.listener);
      }
      return;
    }
    this.recordAttempt(d, { status: message.status, forwardUrl: message.forward_url ?? null, body: message.body ?? '' });
    if (!d.listener.forwardedTypes.has(d.type)) {
      d.listener.forwardedTypes.add(d.type);
      // Earlier events of this type that were never answered were failed forwards after all.
      for (const other of d.listener.deliveries.values()) if (other !== d && other.overdue && other.type === d.type) this.unanswered(other);
    }
    if (message.status >= 200 && message.status < 300) {
      this.options.host.recordOutcome(d.eventId, d.listener.target, 'succeeded');
      this.remove(d);
      return;
    }
    this.attemptFailed(d);
  }

  private responseOverdue(d: Delivery): void {
    d.responseWait = null;
    d.overdue = true;
    if (d.listener.forwardedTypes.has(d.type)) this.unanswered(d);
  }

  private unanswered(d: Delivery): void {
    this.recordAttempt(d, { status: 0, forwardUrl: null, body: 'No response from the endpoint through the Stripe CLI.' });
    this.attemptFailed(d);
  }

  /** A failed attempt: retried on Stripe's schedule, failed for good after the last retry. */
  private attemptFailed(d: Delivery): void {
    const delay = RETRY_DELAYS_SECONDS[d.attempts - 1];
    if (delay === undefined) {
      this.options.host.recordOutcome(d.eventId, d.listener.target, 'failed');
      this.remove(d);
      return;
    }
    this.options.host.recordOutcome(d.eventId, d.listener.target, 'pending');
    this.forgetFrames(d);
    this.stopWaiting(d);
    d.retry = this.options.timers.set(() => {
      d.retry = null;
      this.startAttempt(d);
      this.send(d);
    }, delay * 1000 * this.options.host.retryScale);
  }

  /** The responses to an event's deliveries through the CLI, oldest first. */
  attempts(eventId: string): CliDeliveryAttempt[] {
    return this.attemptLog.of(eventId);
  }

  status(): { listeners: number; connected: number; queued: number } {
    let connected = 0;
    let queued = 0;
    for (const l of this.listeners.values()) {
      if (l.connection) connected++;
      for (const d of l.deliveries.values()) if (d.unacked.size > 0 || d.retry !== null) queued++;
    }
    return { listeners: this.listeners.size, connected, queued };
  }

  close(): void {
    this.closed = true;
    for (const l of this.listeners.values()) {
      if (l.idle !== null) this.options.timers.clear(l.idle);
      for (const d of l.deliveries.values()) {
        if (d.retry !== null) this.options.timers.clear(d.retry);
        this.stopWaiting(d);
      }
    }
    this.listeners.clear();
    this.sessionListeners.clear();
    this.byWebhookId.clear();
  }

  /**
   * A session keeps its listener across reconnects. A new session takes over its device's listener
   * (a restarted CLI), unless another CLI is connected to it right now: then both listen, as on Stripe.
   */
  private listenerFor(key: string, sessionId: string): Listener {
    const known = this.sessionListeners.get(sessionId);
    let listener = known === undefined ? this.listeners.get(key) : this.listeners.get(known);
    if (known === undefined && listener?.connection && listener.connection.sessionId !== sessionId) listener = undefined;
    listener ??= this.newListener(known ?? (this.listeners.has(key) ? `${key}\n${sessionId}` : key));
    this.sessionListeners.set(sessionId, listener.key);
    return listener;
  }

  private newListener(key: string): Listener {
    const listener: Listener = {
      key, target: newId('stripecli'), deliveries: new Map(), connection: null, lastSessionId: null, idle: null, forwardedTypes: new Set(),
    };
    this.listeners.set(key, listener);
    return listener;
  }

  private deliver(listener: Listener, event: Stripe.Event): void {
    const d: Delivery = {
      conversationId: newId('wc'),
      eventId: event.id,
      type: event.type,
      listener,
      frames: new Map(),
      unacked: new Set(),
      awaitingResponse: false,
      ackSession: null,
      restartResends: 0,
      attempts: 0,
      retry: null,
      responseWait: null,
      overdue: false,
    };
    listener.deliveries.set(d.conversationId, d);
    this.startAttempt(d);
    // After the emitting request has finished building its state, like endpoint deliveries.
    setImmediate(() => this.send(d));
  }

  private startAttempt(d: Delivery): void {
    this.forgetFrames(d);
    this.stopWaiting(d);
    d.overdue = false;
    d.awaitingResponse = false;
    d.unacked = new Set(COPIES);
    for (const copy of COPIES) {
      const webhookId = newId('wh');
      d.frames.set(webhookId, copy);
      this.byWebhookId.set(webhookId, d);
    }
  }

  private send(d: Delivery): void {
    const connection = d.listener.connection;
    if (!connection || d.retry !== null || this.closed || !d.listener.deliveries.has(d.conversationId)) return;
    const event = this.options.host.event(d.eventId);
    if (!event) {
      this.remove(d);
      return;
    }
    for (const [webhookId, copy] of d.frames) {
      if (!d.unacked.has(copy)) continue;
      const version = copy === 'default' ? null : this.options.apiVersion;
      connection.send(webhookEventFrame(event, { webhookId, conversationId: d.conversationId }, this.options.secret, version, nowSeconds()));
    }
  }

  private recordAttempt(d: Delivery, attempt: CliDeliveryAttempt): void {
    d.attempts++;
    this.options.host.log(`stripe listen ${d.eventId} -> ${attempt.forwardUrl ?? '?'} attempt ${d.attempts}: ${attempt.status || 'no response'}`);
    this.attemptLog.add(d.eventId, attempt);
  }

  private trimAwaiting(listener: Listener): void {
    const awaiting = [...listener.deliveries.values()].filter((d) => d.awaitingResponse && d.unacked.size === 0);
    for (const d of awaiting.slice(0, Math.max(0, awaiting.length - MAX_AWAITING_RESPONSE))) this.remove(d);
  }

  /** The CLI never came back: what it had not acknowledged counts as failed. */
  private expire(listener: Listener): void {
    for (const d of listener.deliveries.values()) {
      if (!d.awaitingResponse) this.options.host.recordOutcome(d.eventId, listener.target, 'failed');
      this.remove(d);
    }
    this.listeners.delete(listener.key);
    for (const [session, key] of this.sessionListeners) if (key === listener.key) this.sessionListeners.delete(session);
  }

  private stopWaiting(d: Delivery): void {
    if (d.responseWait !== null) this.options.timers.clear(d.responseWait);
    d.responseWait = null;
  }

  private remove(d: Delivery): void {
    if (d.retry !== null) this.options.timers.clear(d.retry);
    d.retry = null;
    this.stopWaiting(d);
    this.forgetFrames(d);
    d.listener.deliveries.delete(d.conversationId);
  }

  private forgetFrames(d: Delivery): void {
    for (const id of d.frames.keys()) this.byWebhookId.delete(id);
    d.frames.clear();
  }
}
