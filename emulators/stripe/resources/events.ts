import type { Core } from '../core';
import { invalidParam, notFound } from '../errors';
import { nowSeconds } from '../ids';
import type { ParamMap } from '../server/form';
import { newestFirst, paginate } from '../server/list';
import { assertKnown, optBool, optInt, optMap, optString, optStringArray } from '../server/params';
import type { Route } from '../server/route';

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION_S = 30 * 24 * 3600;

export function pruneEvents(core: Core): void {
  const cutoff = nowSeconds() - EVENT_RETENTION_S;
  for (const e of Object.values(core.state.events)) {
    if (e.created < cutoff) {
      delete core.state.events[e.id];
      delete core.state.eventDeliveries[e.id];
    }
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
    {
      method: 'GET',
      pattern: '/v1/events/:id',
      handler: (req) => {
        const e = core.state.events[req.pathParams['id'] ?? ''];
        if (!e) throw notFound('event', req.pathParams['id'] ?? '');
        return e;
      },
    },
    {
      method: 'GET',
      pattern: '/v1/events',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['type', 'types', 'created', 'delivery_success', 'limit', 'starting_after', 'ending_before', 'expand']);
        const type = optString(p, 'type');
        const types = optStringArray(p, 'types');
        if (type && types) throw invalidParam('types', 'You may only specify one of these parameters: type, types.');
        // `type` supports a trailing wildcard, e.g. `charge.*`.
        const typeMatch = (t: string): boolean =>
          !type || (type.endsWith('.*') ? t.startsWith(type.slice(0, -1)) : t === type);
        const created = createdFilter(p);
        const ds = optBool(p, 'delivery_success');
        const items = newestFirst(core.state.events).filter(
          (e) =>
            typeMatch(e.type) &&
            (!types || types.includes(e.type)) &&
            created(e.created) &&
            (ds === undefined || deliverySucceeded(core, e.id) === ds),
        );
        return paginate(items, p, '/v1/events');
      },
    },
  ];
}
