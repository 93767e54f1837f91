import { invalidParam, invalidRequest } from '../errors';
import type { ParamMap } from './form';
import { optInt, optString } from './params';

/**
 * Stripe's search query language, the part a shop needs: clauses joined by AND (or OR, not both),
 * each `field:'value'` (exact), `field~'value'` (substring, 3+ characters), `-field:'value'` (not),
 * `metadata['key']:'value'`, and `active:'true'`. Anything else is a 400 on `query`, never ignored.
 */
export type FieldReader<T> = (item: T, field: string) => string | null | undefined;

interface Clause {
  negate: boolean;
  field: string;
  op: ':' | '~';
  value: string;
}

const CLAUSE = /^(-)?(metadata\[(?:'[^']*'|"[^"]*")\]|[a-z_]+)(:|~)(?:'([^']*)'|"([^"]*)")$/;

function parse(query: string, fields: readonly string[]): { clauses: Clause[]; any: boolean } {
  const trimmed = query.trim();
  if (!trimmed) throw invalidParam('query', 'The search query is empty.');
  const hasAnd = / AND /.test(trimmed);
  const hasOr = / OR /.test(trimmed);
  if (hasAnd && hasOr) throw invalidParam('query', 'A search query cannot combine AND and OR.');
  const clauses = trimmed.split(hasOr ? / OR / : / AND /).map((raw) => {
    const m = CLAUSE.exec(raw.trim());
    if (!m) throw invalidParam('query', `Could not parse the search query near: ${raw.trim()}`);
    const field = (m[2] ?? '').replace(/^metadata\[['"](.*)['"]\]$/, 'metadata.$1');
    const op = m[3] === '~' ? '~' : ':';
    const value = m[4] ?? m[5] ?? '';
    if (!field.startsWith('metadata.') && !fields.includes(field)) {
      throw invalidParam('query', `Field \`${field}\` is not supported in this search (supported: ${fields.join(', ')}, metadata).`);
    }
    if (op === '~' && value.length < 3) throw invalidParam('query', 'Substring matches (~) need at least 3 characters.');
    return { negate: m[1] === '-', field, op, value } satisfies Clause;
  });
  return { clauses, any: hasOr };
}

function matches<T>(item: T, c: Clause, read: FieldReader<T>): boolean {
  const actual = read(item, c.field);
  const hit = actual !== null && actual !== undefined && (c.op === ':' ? actual === c.value : actual.toLowerCase().includes(c.value.toLowerCase()));
  return c.negate ? !hit : hit;
}

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

/** Runs `query` over `items` (newest first); `page` is the opaque cursor from `next_page`. */
export function search<T>(items: readonly T[], params: ParamMap, url: string, fields: readonly string[], read: FieldReader<T>): SearchResult<T> {
  const query = optString(params, 'query');
  if (query === undefined) throw invalidRequest('Missing required param: query.', 'query', 'parameter_missing');
  const { clauses, any } = parse(query, fields);
  const limit = optInt(params, 'limit', 'limit', { min: 1, max: 100 }) ?? 10;
  const page = optString(params, 'page');
  const start = page ? Number(Buffer.from(page, 'base64url').toString('utf8')) : 0;
  if (!Number.isSafeInteger(start) || start < 0) throw invalidParam('page', 'Invalid page cursor.');
  const found = items.filter((item) => (any ? clauses.some((c) => matches(item, c, read)) : clauses.every((c) => matches(item, c, read))));
  const data = found.slice(start, start + limit);
  const more = start + limit < found.length;
  return { object: 'search_result', data, has_more: more, next_page: more ? Buffer.from(String(start + limit)).toString('base64url') : null, url };
}

/** Reads `metadata.key` and plain top-level fields as strings. */
export function readField(item: { metadata?: Record<string, string> | null }, field: string): string | null | undefined {
  if (field.startsWith('metadata.')) return item.metadata?.[field.slice('metadata.'.length)];
  const v = (item as Record<string, unknown>)[field];
  if (v === null || v === undefined) return v;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
