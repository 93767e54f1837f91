import type Stripe from 'stripe';
import { KeyOrder } from './key-order';
import { MinHeap } from './min-heap';
import { collectionsOf, type Collection } from './tracked-state';
import type { State } from './types';

/**
 * Secondary indexes kept up to date on every write (fed by trackState), so hot requests don't scan
 * or sort whole collections: insertion order per collection (cursor paging, pruning oldest events),
 * sessions by payment_intent (the shop's lookup for every payment/charge/refund event), and open
 * sessions by expiry (checked on every session list and every sweep).
 */
export class StateIndex {
  private readonly orders = new Map<Collection, KeyOrder>();
  private readonly sessionsByPi = new Map<string, Set<string>>();
  private readonly expiries = new MinHeap<string>();
  /** PaymentIntents in requires_capture: the sweep checks only these for expired authorizations. */
  private readonly awaitingCapture = new Set<string>();

  /** Rebuilds everything from `state` (at start and after a reset). */
  rebuild(state: State): void {
    this.orders.clear();
    this.sessionsByPi.clear();
    this.expiries.clear();
    this.awaitingCapture.clear();
    for (const c of collectionsOf(state)) {
      for (const [id, value] of Object.entries(state[c])) this.onChange(c, id, undefined, value);
    }
  }

  readonly onChange = (c: Collection, id: string, before: unknown, after: unknown): void => {
    const order = this.order(c);
    if (after === undefined) order.remove(id);
    else order.add(id);
    if (c === 'sessions') this.sessionChanged(id, before as Stripe.Checkout.Session | undefined, after as Stripe.Checkout.Session | undefined);
    if (c === 'paymentIntents') {
      if ((after as Stripe.PaymentIntent | undefined)?.status === 'requires_capture') this.awaitingCapture.add(id);
      else this.awaitingCapture.delete(id);
    }
  };

  /** Ids of PaymentIntents waiting for capture (a copy: callers change them while iterating). */
  paymentIntentIdsAwaitingCapture(): string[] {
    return [...this.awaitingCapture];
  }

  order(c: Collection): KeyOrder {
    let o = this.orders.get(c);
    if (!o) this.orders.set(c, (o = new KeyOrder()));
    return o;
  }

  /** Ids of the sessions with this PaymentIntent, newest first. */
  sessionIdsForPaymentIntent(pi: string): string[] {
    const order = this.order('sessions');
    const ids = [...(this.sessionsByPi.get(pi) ?? [])];
    return ids.sort((a, b) => (order.position(b) ?? 0) - (order.position(a) ?? 0));
  }

  /** Removes and returns the ids whose recorded expiry is due; callers re-check the session itself. */
  takeDueSessionIds(nowSeconds: number): string[] {
    const due: string[] = [];
    while ((this.expiries.peekKey() ?? Infinity) <= nowSeconds) {
      const entry = this.expiries.pop();
      if (entry) due.push(entry[1]);
    }
    return due;
  }

  private sessionChanged(id: string, before: Stripe.Checkout.Session | undefined, after: Stripe.Checkout.Session | undefined): void {
    const oldPi = piId(before);
    const newPi = piId(after);
    if (oldPi !== newPi) {
      if (oldPi) this.sessionsByPi.get(oldPi)?.delete(id);
      if (oldPi && this.sessionsByPi.get(oldPi)?.size === 0) this.sessionsByPi.delete(oldPi);
      if (newPi) {
        let set = this.sessionsByPi.get(newPi);
        if (!set) this.sessionsByPi.set(newPi, (set = new Set()));
        set.add(id);
      }
    }
    // Stale heap entries (paid, expired, deleted) are skipped by the caller's re-check.
    const becameOpen = after?.status === 'open' && (before?.status !== 'open' || before.expires_at !== after.expires_at);
    if (after && becameOpen) this.expiries.push(after.expires_at, id);
  }
}

function piId(s: Stripe.Checkout.Session | undefined): string | null {
  const pi = s?.payment_intent;
  if (!pi) return null;
  return typeof pi === 'string' ? pi : pi.id;
}
