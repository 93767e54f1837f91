import type Stripe from 'stripe';
import type { Core } from '../core';

/** The id of a customer's test clock, if it has one. */
export function clockIdOf(customer: Stripe.Customer): string | null {
  const clock = customer.test_clock;
  if (!clock) return null;
  return typeof clock === 'string' ? clock : clock.id;
}

/**
 * "Now" for a customer's billing objects: its test clock's frozen time, else the emulator's clock.
 * Events keep real time (their retention and `created` filters are about delivery, not billing).
 */
export function billingNow(core: Core, customerId: string | null): number {
  const customer = customerId ? core.state.customers[customerId] : undefined;
  const clockId = customer ? clockIdOf(customer) : null;
  const clock = clockId ? core.state.testClocks[clockId] : undefined;
  return clock ? clock.frozen_time : core.nowSeconds();
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}
