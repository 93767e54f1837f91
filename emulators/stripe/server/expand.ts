import { invalidRequest } from '../errors';
import { copyJson } from '../json-copy';

/** A JSON object as it goes over the wire. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Looks up an object by id for expansion; may also expand non-id fields (e.g. session line_items). */
export interface ExpandResolver {
  /** The stored object (expansion copies it before it changes anything). */
  byId(id: string): JsonObject | undefined;
  special(parent: JsonObject, field: string): Json | undefined;
}

/** Fields Stripe lets you expand (on the resources this emulator serves). */
const EXPANDABLE = new Set([
  'product',
  'price',
  'default_price',
  'payment_intent',
  'latest_charge',
  'charge',
  'customer',
  'payment_method',
  'line_items',
  'balance_transaction',
  'invoice',
  'subscription',
  'setup_intent',
  'payment_link',
  'review',
  'application',
  'on_behalf_of',
  'source_transfer',
  'transfer',
  'failure_balance_transaction',
  // Billing (billing/): subscriptions, invoices, customers.
  'latest_invoice',
  'default_payment_method',
  'test_clock',
  'payments',
  'items',
  'lines',
  'subscriptions',
]);

function toJson(value: unknown): Json {
  return copyJson(value) as Json;
}

/**
 * Returns `object` with the dotted `paths` expanded (max depth 4, like Stripe): a deep copy when there
 * is something to expand, else `object` itself (callers only serialise it; copying it is wasted work).
 */
export function expandObject(object: unknown, paths: readonly string[], resolver: ExpandResolver): Json {
  if (paths.length === 0) return object as Json;
  const root = toJson(object);
  for (const path of paths) {
    const parts = path.split('.');
    if (parts.length > 4) {
      throw invalidRequest(`You cannot expand more than 4 levels of a property. Property: ${path}`, 'expand');
    }
    expandAt(root, parts, path, resolver);
  }
  return root;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function expandAt(node: Json, parts: string[], path: string, resolver: ExpandResolver): void {
  const [head, ...rest] = parts;
  if (head === undefined || !isObject(node)) return;
  // Lists: `data.x` expands x in every item.
  if (node['object'] === 'list' && head === 'data' && Array.isArray(node['data'])) {
    for (const item of node['data']) expandAt(item, rest, path, resolver);
    return;
  }
  let value = node[head];
  if (rest.length === 0 || typeof value === 'string' || value === undefined) {
    if (!EXPANDABLE.has(head)) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
  }
  if (typeof value === 'string') {
    const found = resolver.byId(value);
    if (found) {
      value = toJson(found);
      node[head] = value;
    }
  } else if (value === undefined) {
    const special = resolver.special(node, head);
    if (special === undefined) throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
    value = special;
    node[head] = value;
  }
  if (rest.length > 0 && value !== null && value !== undefined) expandAt(value, rest, path, resolver);
}
