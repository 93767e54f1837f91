// Stripe's form encoding: nested params as `a[b][0][c]=v`, arrays as `x[]=v` or `x[0]=v`.
import { invalidRequest } from '../errors';

export type Param = string | ParamMap | Param[];
export interface ParamMap {
  [key: string]: Param;
}

/** Limits that keep one request from costing much: checked before any work proportional to them. */
export const FORM_LIMITS = {
  /** Key/value pairs per request (Stripe's largest real requests use a few hundred). */
  maxPairs: 2_000,
  /** Brackets per key, e.g. `line_items[0][price_data][product_data][metadata][k]` has 5. */
  maxDepth: 8,
  /** Highest array index accepted (`x[5000]`). */
  maxIndex: 1_000,
} as const;

/** Key segments that would reach Object.prototype in a plain object: never valid Stripe params. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/** A map with no prototype, so no key can resolve to an inherited property. */
export function nullMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function splitKey(key: string): string[] | null {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/gy;
  re.lastIndex = first;
  let m: RegExpExecArray | null;
  let end = first;
  while ((m = re.exec(key)) !== null) {
    parts.push(m[1] ?? '');
    end = re.lastIndex;
    if (parts.length > FORM_LIMITS.maxDepth + 1) {
      throw invalidRequest(`Parameters may be nested at most ${FORM_LIMITS.maxDepth} levels deep.`, parts[0], 'parameter_invalid');
    }
  }
  return end === key.length ? parts : null;
}

// Build as objects first (`[]` gets a synthetic index), then turn all-numeric-key objects into arrays.
interface Building {
  values: Record<string, Building | string>;
  appended: number;
}

function building(): Building {
  return { values: nullMap(), appended: 0 };
}

function countPairs(body: string): number {
  let n = 1;
  for (let i = body.indexOf('&'); i !== -1; i = body.indexOf('&', i + 1)) n++;
  return n;
}

function checkSegment(part: string, key: string): void {
  if (FORBIDDEN_SEGMENTS.has(part)) throw invalidRequest(`Received unknown parameter: ${key}`, key, 'parameter_unknown');
  if (/^\d+$/.test(part) && Number(part) > FORM_LIMITS.maxIndex) {
    throw invalidRequest(`Array indexes may be at most ${FORM_LIMITS.maxIndex}: ${key}`, key, 'parameter_invalid');
  }
}

/**
 * Parses a form body (or query string) into null-prototype maps. Throws a 400 StripeApiError for
 * forbidden segments (`__proto__`, `constructor`, `prototype`) and bodies over the limits above.
 */
export function parseForm(body: string): ParamMap {
  if (!body) return nullMap();
  if (countPairs(body) > FORM_LIMITS.maxPairs) {
    throw invalidRequest(`Too many parameters: a request may have at most ${FORM_LIMITS.maxPairs}.`, undefined, 'parameter_invalid');
  }
  const root = building();
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = safeDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = safeDecode(eq === -1 ? '' : pair.slice(eq + 1));
    const parts = splitKey(key);
    if (!parts || parts[0] === '') continue;
    let node = root;
    for (let i = 0; i < parts.length; i++) {
      let part = parts[i] ?? '';
      if (part === '') part = String(node.appended++);
      else checkSegment(part, key);
      if (i === parts.length - 1) {
        node.values[part] = value;
        continue;
      }
      const next = node.values[part];
      if (typeof next === 'object') node = next;
      else {
        const created = building();
        node.values[part] = created;
        node = created;
      }
    }
  }
  return finalize(root);
}

function safeDecode(s: string): string {
  // Most keys and values have nothing to decode: skip the regex and the decoder for them.
  if (!s.includes('%') && !s.includes('+')) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function finalize(node: Building): ParamMap {
  const out = nullMap<Param>();
  for (const k of Object.keys(node.values)) {
    const v = node.values[k];
    if (v !== undefined) out[k] = typeof v === 'string' ? v : toParam(v);
  }
  return out;
}

function toParam(node: Building): Param {
  const keys = Object.keys(node.values);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => {
        const v = node.values[String(k)];
        return typeof v === 'string' || v === undefined ? (v ?? '') : toParam(v);
      });
  }
  return finalize(node);
}
