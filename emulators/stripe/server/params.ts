import { StripeApiError, invalidParam, invalidRequest, missingParam, unknownParam } from '../errors';
import type { Param, ParamMap } from './form';

/** Rejects parameters a resource does not know, like Stripe ("Received unknown parameter: x"). */
export function assertKnown(params: ParamMap, allowed: readonly string[], prefix?: string): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(prefix ? `${prefix}[${key}]` : key);
  }
}

export function optString(params: ParamMap, name: string, label = name): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidParam(label, `Invalid string: ${describe(v)}`);
  return v;
}

export function reqString(params: ParamMap, name: string, label = name): string {
  const v = optString(params, name, label);
  if (v === undefined) throw missingParam(label);
  if (v === '') throw emptyParam(label);
  return v;
}

/** Stripe reads an empty string as "unset", which a required or enum parameter cannot be. */
export function emptyParam(label: string): StripeApiError {
  return invalidRequest(
    `You passed an empty string for '${label}'. We assume empty values are an attempt to unset a parameter; however '${label}' cannot be unset. You should remove '${label}' from your request or supply a non-empty value.`,
    label,
    'parameter_invalid_empty',
  );
}

/** Refuses `''` for parameters that cannot be unset (on create, most of them). */
export function refuseEmpty(params: ParamMap, names: readonly string[], prefix?: string): void {
  for (const name of names) if (params[name] === '') throw emptyParam(prefix ? `${prefix}[${name}]` : name);
}

/** One of Stripe's documented values ("Invalid locale: must be one of auto, bg, …"). */
export function optEnum<T extends string>(params: ParamMap, name: string, values: readonly T[], label = name): T | undefined {
  const v = optString(params, name, label);
  if (v === undefined) return undefined;
  if (v === '') throw emptyParam(label);
  const found = values.find((x) => x === v);
  if (found === undefined) throw invalidParam(label, `Invalid ${label}: must be one of ${values.join(', ')}`);
  return found;
}

/** ISO 4217 codes the runtime knows (Intl), lower-cased as Stripe writes them. */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

export function reqCurrency(params: ParamMap, name: string, label = name): string {
  const c = reqString(params, name, label).toLowerCase();
  if (!CURRENCIES.has(c)) throw invalidParam(label, `Invalid currency: ${c}. Stripe currencies are three-letter ISO codes in lowercase.`, 'parameter_invalid_string');
  return c;
}

export function optInt(
  params: ParamMap,
  name: string,
  label = name,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v.trim())) {
    throw invalidParam(label, `Invalid integer: ${describe(v)}`, 'parameter_invalid_integer');
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw invalidParam(label, `Invalid integer: ${v}`, 'parameter_invalid_integer');
  if (range.min !== undefined && n < range.min) {
    throw invalidParam(label, `This value must be greater than or equal to ${range.min}.`, 'parameter_invalid_integer');
  }
  if (range.max !== undefined && n > range.max) {
    throw invalidParam(label, `This value must be less than or equal to ${range.max}.`, 'parameter_invalid_integer');
  }
  return n;
}

export function optBool(params: ParamMap, name: string, label = name): boolean | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw invalidParam(label, `Invalid boolean: ${describe(v)}`, 'parameter_invalid_boolean');
}

export function optMap(params: ParamMap, name: string, label = name): ParamMap | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (typeof v === 'string' || Array.isArray(v)) throw invalidParam(label, `Invalid object`, 'parameter_invalid_object');
  return v;
}

export function optArray(params: ParamMap, name: string, label = name): Param[] | undefined {
  const v = params[name];
  if (v === undefined || v === '') return undefined;
  if (!Array.isArray(v)) throw invalidParam(label, `Invalid array`, 'parameter_invalid_array');
  return v;
}

export function optStringArray(params: ParamMap, name: string, label = name): string[] | undefined {
  const arr = optArray(params, name, label);
  if (!arr) return undefined;
  return arr.map((v, i) => {
    if (typeof v !== 'string') throw invalidParam(`${label}[${i}]`, `Invalid string: ${describe(v)}`);
    return v;
  });
}

export function asMap(v: Param, label: string): ParamMap {
  if (typeof v === 'string' || Array.isArray(v)) throw invalidParam(label, 'Invalid object', 'parameter_invalid_object');
  return v;
}

/**
 * Applies `metadata[...]` like Stripe: values are strings, an empty string deletes a key,
 * and `metadata=` (empty) clears everything.
 */
export function applyMetadata(current: Record<string, string>, params: ParamMap): Record<string, string> {
  const raw = params['metadata'];
  if (raw === undefined) return current;
  if (raw === '') return {};
  if (typeof raw === 'string' || Array.isArray(raw)) {
    throw invalidParam('metadata', 'Invalid object', 'parameter_invalid_object');
  }
  const next = { ...current };
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw invalidParam(`metadata[${k}]`, `Invalid string: ${describe(v)}`);
    if (k.length > 40) throw invalidRequest(`Metadata keys can have a maximum length of 40 characters.`, `metadata[${k}]`);
    if (v.length > 500) throw invalidRequest(`Metadata values can have a maximum length of 500 characters.`, `metadata[${k}]`);
    if (v === '') delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 50) throw invalidRequest('You can have up to 50 metadata keys.', 'metadata');
  return next;
}

/** `expand[]` / `expand[0]` list. */
export function expandList(params: ParamMap): string[] {
  return optStringArray(params, 'expand') ?? [];
}

export function describe(v: Param): string {
  if (typeof v === 'string') return v;
  return Array.isArray(v) ? 'array' : 'object';
}
