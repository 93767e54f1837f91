import type Stripe from 'stripe';
import { NO_REQUEST, type Core } from '../core';
import { newId } from '../ids';
import type { PendingSettlement, SettlementOutcome } from '../state/types';

export interface SettlementHost {
  core(): Core;
  /** The Checkout side of a settlement (session payment_status + async_payment_* event). */
  onSessionSettled(sessionId: string, outcome: SettlementOutcome): void;
}

/** setTimeout overflows above 2^31-1 ms (~24.8 days) and would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Settles delayed (SEPA) payments: `processing` → succeeded or failed once `settlesAt` is reached,
 * or on demand (dev control). Pending settlements live in state, so a restart reschedules them.
 */
export class SettlementScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly host: SettlementHost) {}

  /** Records a pending settlement and arms its timer. */
  add(pending: PendingSettlement): void {
    const core = this.host.core();
    core.state.settlements[pending.paymentIntentId] = pending;
    this.arm(pending);
  }

  /** Re-arms persisted settlements after a start; overdue ones settle right away. */
  restore(): void {
    for (const p of Object.values(this.host.core().state.settlements)) this.arm(p);
  }

  pendingCount(): number {
    return Object.keys(this.host.core().state.settlements).length;
  }

  pendingForPaymentIntent(piId: string): PendingSettlement | undefined {
    return this.host.core().state.settlements[piId];
  }

  /** Settles now with `outcome` (default: the IBAN's natural one). False if nothing was pending. */
  settleNow(piId: string, outcome?: SettlementOutcome): boolean {
    const pending = this.pendingForPaymentIntent(piId);
    if (!pending) return false;
    this.settle(pending, outcome ?? pending.outcome);
    return true;
  }

  /** Stops timers; pending settlements stay in state for the next start. */
  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  /** Drops all timers (reset replaces the state they refer to). */
  cancelAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private arm(p: PendingSettlement): void {
    if (this.closed) return;
    const existing = this.timers.get(p.paymentIntentId);
    if (existing) clearTimeout(existing);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, p.settlesAt - this.host.core().options.clock()));
    const timer = setTimeout(() => {
      this.timers.delete(p.paymentIntentId);
      const current = this.pendingForPaymentIntent(p.paymentIntentId);
      if (!current) return;
      // A clamped (very long) delay fires early: re-arm instead of settling.
      if (current.settlesAt > this.host.core().options.clock()) this.arm(current);
      else this.settle(current, current.outcome);
    }, delay);
    timer.unref();
    this.timers.set(p.paymentIntentId, timer);
  }

  private settle(p: PendingSettlement, outcome: SettlementOutcome): void {
    const timer = this.timers.get(p.paymentIntentId);
    if (timer) clearTimeout(timer);
    this.timers.delete(p.paymentIntentId);
    const core = this.host.core();
    // One unit of work: the settlement is gone exactly when its outcome and events are stored.
    core.transaction(() => {
      delete core.state.settlements[p.paymentIntentId];
      const settled = settlePayment(core, p, outcome);
      if (settled && p.sessionId) this.host.onSessionSettled(p.sessionId, outcome);
    });
  }
}

/** Moves a processing PaymentIntent and its pending charge to their final state; false if they moved on. */
function settlePayment(core: Core, p: PendingSettlement, outcome: SettlementOutcome): boolean {
  const pi = core.state.paymentIntents[p.paymentIntentId];
  const charge = core.state.charges[p.chargeId];
  if (!pi || !charge || pi.status !== 'processing') return false;
  if (outcome === 'succeeded') {
    const paidCharge: Stripe.Charge = {
      ...charge,
      status: 'succeeded',
      paid: true,
      captured: true,
      amount_captured: charge.amount,
      balance_transaction: newId('txn'),
    };
    const paidPi: Stripe.PaymentIntent = { ...pi, status: 'succeeded', amount_received: pi.amount };
    core.state.charges[charge.id] = paidCharge;
    core.state.paymentIntents[pi.id] = paidPi;
    core.emit('charge.succeeded', paidCharge, NO_REQUEST);
    core.emit('payment_intent.succeeded', paidPi, NO_REQUEST);
    return true;
  }
  const failedCharge: Stripe.Charge = {
    ...charge,
    status: 'failed',
    failure_code: 'insufficient_funds',
    failure_message: 'The account has insufficient funds to cover this payment.',
    receipt_url: null,
  };
  const pmId = typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? null);
  const pm = pmId ? core.state.paymentMethods[pmId] : undefined;
  const failedPi: Stripe.PaymentIntent = {
    ...pi,
    status: 'requires_payment_method',
    payment_method: null,
    last_payment_error: {
      charge: charge.id,
      code: 'payment_intent_payment_attempt_failed',
      message: 'The payment failed.',
      type: 'invalid_request_error',
      ...(pm ? { payment_method: pm } : {}),
    },
  };
  core.state.charges[charge.id] = failedCharge;
  core.state.paymentIntents[pi.id] = failedPi;
  core.emit('charge.failed', failedCharge, NO_REQUEST);
  core.emit('payment_intent.payment_failed', failedPi, NO_REQUEST);
  return true;
}
