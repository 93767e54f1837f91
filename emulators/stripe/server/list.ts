import { invalidRequest } from '../errors';
import type { ParamMap } from './form';
import { optInt, optString } from './params';

export interface ListResponse<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Cursor pagination over items already sorted newest first. */
export function paginate<T extends { id: string }>(items: readonly T[], params: ParamMap, url: string): ListResponse<T> {
  const limit = optInt(params, 'limit', 'limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = optString(params, 'starting_after');
  const endingBefore = optString(params, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before');
  }
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
