import { invalidRequest } from '../errors';
import type { KeyOrder } from '../state/key-order';
import type { ParamMap } from './form';
import { optInt, optString } from './params';

export interface ListResponse<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

function pageParams(params: ParamMap): { limit: number; startingAfter: string | undefined; endingBefore: string | undefined } {
  const limit = optInt(params, 'limit', 'limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = optString(params, 'starting_after');
  const endingBefore = optString(params, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
  return { limit, startingAfter, endingBefore };
}

/** Cursor pagination over items already sorted newest first. */
export function paginate<T extends { id: string }>(items: readonly T[], params: ParamMap, url: string): ListResponse<T> {
  const { limit, startingAfter, endingBefore } = pageParams(params);
  const indexOf = (id: string, param: string): number => {
    const i = items.findIndex((x) => x.id === id);
    if (i === -1) throw invalidRequest(`No such object: '${id}'`, param, 'resource_missing');
    return i;
  };
  if (endingBefore) {
    const end = indexOf(endingBefore, 'ending_before');
    const start = Math.max(0, end - limit);
    return { object: 'list', data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = startingAfter ? indexOf(startingAfter, 'starting_after') + 1 : 0;
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length, url };
}

/** Newest first: state maps keep insertion (creation) order, so reverse it. */
export function newestFirst<T>(record: Record<string, T>): T[] {
  return Object.values(record).reverse();
}

/**
 * Same results as `paginate(newestFirst(collection).filter(match), …)`, but walks the collection's
 * insertion order from the cursor and stops after `limit + 1` matches: O(page), not O(collection).
 */
export function paginateNewestFirst<T extends { id: string }>(
  order: KeyOrder,
  get: (id: string) => T | undefined,
  match: (item: T) => boolean,
  params: ParamMap,
  url: string,
): ListResponse<T> {
  const { limit, startingAfter, endingBefore } = pageParams(params);
  const positionOf = (id: string, param: string): number => {
    const item = get(id);
    const pos = order.position(id);
    if (!item || pos === undefined || !match(item)) throw invalidRequest(`No such object: '${id}'`, param, 'resource_missing');
    return pos;
  };
  const take = (ids: Iterable<string>): T[] => {
    const found: T[] = [];
    for (const id of ids) {
      const item = get(id);
      if (item && match(item) && found.push(item) > limit) break;
    }
    return found;
  };
  if (endingBefore) {
    // The `limit` matches just newer than the cursor, returned newest first.
    const newer = take(order.oldestFirst(positionOf(endingBefore, 'ending_before') + 1));
    return { object: 'list', data: newer.slice(0, limit).reverse(), has_more: newer.length > limit, url };
  }
  const older = take(order.newestFirst(startingAfter ? positionOf(startingAfter, 'starting_after') : order.end));
  return { object: 'list', data: older.slice(0, limit), has_more: older.length > limit, url };
}
