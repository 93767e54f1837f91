// Adapts today's in-memory Core to StripeCliHost. The only file here that knows Core's state layout.
import type { Core } from '../core';
import type { CliDeliveryOutcome, StripeCliHost } from './host';

export function coreHost(core: () => Core, retryScale: number, log: (line: string) => void): StripeCliHost {
  return {
    event: (id) => core().state.events[id],
    recordOutcome: (eventId, target, outcome) => recordOutcome(core(), eventId, target, outcome),
    retryScale,
    log,
  };
}

function recordOutcome(core: Core, eventId: string, target: string, outcome: CliDeliveryOutcome): void {
  core.transaction(() => {
    const { state } = core;
    const event = state.events[eventId];
    if (!event) return;
    const outcomes = state.eventDeliveries[eventId] ?? {};
    const before = outcomes[target];
    if (before === outcome) return;
    const delta = (outcome === 'pending' ? 1 : 0) - (before === 'pending' ? 1 : 0);
    // Stored records are frozen (state/store.ts): write new ones, in one transaction.
    state.events[eventId] = { ...event, pending_webhooks: Math.max(0, event.pending_webhooks + delta) } as typeof event;
    state.eventDeliveries[eventId] = { ...outcomes, [target]: outcome };
  });
}
