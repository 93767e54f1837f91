import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidParam, notFound } from '../errors';
import type { ParamMap } from '../server/form';
import { paginateNewestFirst } from '../server/list';
import { assertKnown, optBool, optInt, optMap, optString, optStringArray } from '../server/params';
import type { Route } from '../server/route';
import { readRoutes } from './read-routes';

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_S = 30 * 24 * 3600;

export function pruneEvents(core: Core): void {
  const cutoff = core.nowSeconds() - EVENT_RETENTION_S;
  // Events are stored in creation order: stop at the first one still within retention.
  const expired: string[] = [];
  for (const id of core.index.order('events').oldestFirst()) {
    const e = core.state.events[id];
    if (e && e.created >= cutoff) break;
    expired.push(id);
  }
  for (const id of expired) {
    delete core.state.events[id];
    delete core.state.eventDeliveries[id];
  }
}

function createdFilter(p: ParamMap): (created: number) => boolean {
  if (p['created'] === undefined) return () => true;
  if (typeof p['created'] === 'string') {
    const exact = optInt(p, 'created');
    return (c) => c === exact;
  }
  const range = optMap(p, 'created');
  if (!range) return () => true;
  assertKnown(range, ['gt', 'gte', 'lt', 'lte'], 'created');
  const gt = optInt(range, 'gt', 'created[gt]');
  const gte = optInt(range, 'gte', 'created[gte]');
  const lt = optInt(range, 'lt', 'created[lt]');
  const lte = optInt(range, 'lte', 'created[lte]');
  return (c) =>
    (gt === undefined || c > gt) && (gte === undefined || c >= gte) && (lt === undefined || c < lt) && (lte === undefined || c <= lte);
}

/** Whether every endpoint the event was sent to acknowledged it. */
export function deliverySucceeded(core: Core, eventId: string): boolean {
  return Object.values(core.state.eventDeliveries[eventId] ?? {}).every((o) => o === 'succeeded');
}

export function eventRoutes(core: Core): Route[] {
  return [
    ...readRoutes(core, {
      path: '/v1/events',
      expand: false,
      retrieve: (id) => {
        const e = core.state.events[id];
        if (!e) throw notFound('event', id);
        return e;
      },
      query: ['type', 'types', 'created', 'delivery_success'],
      list: (p) => {
        const type = optString(p, 'type');
        const types = optStringArray(p, 'types');
        if (type && types) throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
        // `type` supports a trailing wildcard, e.g. `charge.*`.
        const typeMatch = (t: string): boolean =>
          !type || (type.endsWith('.*') ? t.startsWith(type.slice(0, -1)) : t === type);
        const created = createdFilter(p);
        const ds = optBool(p, 'delivery_success');
        const match = (e: Stripe.Event): boolean =>
          typeMatch(e.type) &&
          (!types || types.includes(e.type)) &&
          created(e.created) &&
          (ds === undefined || deliverySucceeded(core, e.id) === ds);
        // Pages from the cursor instead of filtering all 30 days of events on every page.
        return paginateNewestFirst(core.index.order('events'), (id) => core.state.events[id], match, p, '/v1/events');
      },
    }),
  ];
}
