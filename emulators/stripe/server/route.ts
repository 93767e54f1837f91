import type { RequestContext } from '../core';
import { nullMap, type ParamMap } from './form';

export interface ApiRequest {
  method: string;
  /** Request path without the query string, e.g. /v1/products/prod_1 */
  path: string;
  /** Body params for POST, query params for GET/DELETE. */
  params: ParamMap;
  pathParams: Record<string, string>;
  ctx: RequestContext;
}

/** Returns the JSON body of a 200 response; failures are thrown as StripeApiError. */
export type ApiHandler = (req: ApiRequest) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: string; // e.g. /v1/products/:id
  handler: ApiHandler;
  /** GET filters beyond paging and `expand` (a POST handler checks its own body). */
  query?: readonly string[];
}

/** Cursor paging and expansion: what every list accepts. */
export const PAGE_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'] as const;

/**
 * Top-level query params a GET/DELETE route accepts, like Stripe (anything else is parameter_unknown);
 * null for POST routes, whose handlers check their body as they read it.
 */
export function allowedQuery(route: Route): readonly string[] | null {
  if (route.method === 'POST') return null;
  if (route.method === 'DELETE') return route.query ?? [];
  if (route.pattern.endsWith('/:id')) return ['expand', ...(route.query ?? [])];
  return [...PAGE_PARAMS, ...(route.query ?? [])];
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
  /** Literal segments: a route with more of them names a path more exactly (`/products/search` over `/products/:id`). */
  literals: number;
  /** Routes of other methods that name paths more exactly (see `moreExact`); filled in on first use. */
  rivals: CompiledRoute[] | null;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(routes: readonly Route[]): void {
    for (const r of routes) {
      const names: string[] = [];
      const source = r.pattern
        .split('/')
        .map((seg) => {
          if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(seg.slice(1));
          return '([^/]+)';
        })
        .join('/');
      this.routes.push({ ...r, regex: new RegExp(`^${source}/?$`), names, literals: r.pattern.split('/').length - names.length, rivals: null });
    }
    // A new route may be a rival of an earlier one.
    for (const route of this.routes) route.rivals = null;
  }

  /**
   * Returns the matching route, or null. A literal segment is never read as an id: POST
   * /v1/products/search is an unknown route (only GET exists), not an update of product 'search'.
   */
  match(method: string, path: string): { route: Route; pathParams: Record<string, string> } | null {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.names.length > 0 && this.moreExact(r, path)) return null;
      const pathParams = nullMap<string>();
      r.names.forEach((n, i) => {
        const raw = m[i + 1] ?? '';
        try {
          pathParams[n] = decodeURIComponent(raw);
        } catch {
          pathParams[n] = raw; // malformed escapes simply name no object
        }
      });
      return { route: r, pathParams };
    }
    return null;
  }

  /** True if a route for another method names this path with more literal segments than `r`. */
  private moreExact(r: CompiledRoute, path: string): boolean {
    // The candidates depend only on the route: found once, not on every request.
    r.rivals ??= this.routes.filter((o) => o.method !== r.method && o.literals > r.literals);
    return r.rivals.some((o) => o.regex.test(path));
  }
}

/** Top-level keys whose JSON value changed, with their old values (for `previous_attributes`). */
export function previousAttributes<T extends object>(before: T, after: T): Partial<T> {
  const prev: Partial<T> = {};
  for (const key of Object.keys(after) as Array<keyof T>) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) prev[key] = before[key];
  }
  return prev;
}

