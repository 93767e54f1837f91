import type { Core } from '../core';
import type { ParamMap } from '../server/form';
import { paginate, type ListResponse } from '../server/list';
import type { Route } from '../server/route';
import { expandFor } from './expansion';

/**
 * The read side of a resource, registered in one line: `GET {path}/:id` retrieves, `GET {path}`
 * lists (cursor paging, `expand[]`, filters named in `query`). Writes stay with each resource.
 */
export interface ReadableResource<T extends { id: string }> {
  /** Collection URL, e.g. /v1/refunds. */
  path: string;
  /** The object, or throws notFound (404 when the URL names it). */
  retrieve?: (id: string) => object;
  /** Items newest first for these filters (paged here), or a page the resource builds itself. */
  list?: (params: ParamMap) => readonly T[] | ListResponse<T>;
  /** List filters beyond paging and `expand`. */
  query?: readonly string[];
  /** Apply `expand[]` (default true); events and webhook endpoints answer as stored. */
  expand?: boolean;
}

export function readRoutes<T extends { id: string }>(core: Core, resource: ReadableResource<T>): Route[] {
  const { path, retrieve, list } = resource;
  const answer = (object: object, params: ParamMap): unknown => (resource.expand === false ? object : expandFor(core, object, params));
  const routes: Route[] = [];
  if (retrieve) {
    routes.push({ method: 'GET', pattern: `${path}/:id`, handler: (req) => answer(retrieve(req.pathParams['id'] ?? ''), req.params) });
  }
  if (list) {
    routes.push({
      method: 'GET',
      pattern: path,
      ...(resource.query ? { query: resource.query } : {}),
      handler: (req) => {
        const found = list(req.params);
        return answer(isPage(found) ? found : paginate(found, req.params, path), req.params);
      },
    });
  }
  return routes;
}

function isPage<T>(found: readonly T[] | ListResponse<T>): found is ListResponse<T> {
  return !Array.isArray(found);
}
