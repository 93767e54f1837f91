import type Stripe from 'stripe';

/** Stripe API versions look like `2026-10-28.endive` (older ones: `2020-08-27`). */
export function isApiVersion(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(value);
}

/**
 * The event as an endpoint with a pinned `api_version` receives it: Stripe renders events for the
 * endpoint's version. Local Stripe has one object shape, so the version is what changes.
 */
export function endpointView(event: Stripe.Event, apiVersion: string | null): Stripe.Event {
  return apiVersion && apiVersion !== event.api_version ? { ...event, api_version: apiVersion } : event;
}
