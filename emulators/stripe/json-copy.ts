/**
 * A deep copy with exactly the result of `JSON.parse(JSON.stringify(value))`, without building and
 * re-parsing the text: on Node 20 the round trip cost several times as much, on every session create
 * (the line item's price), every expand[] and every event snapshot. It follows JSON's rules: `toJSON`
 * is called (a price's `unit_amount_decimal` is the SDK's Decimal, written as a string), any other
 * object is its own enumerable string keys, undefined/functions/symbols are left out (null in arrays),
 * non-finite numbers become null and -0 becomes 0. What it does not model (a BigInt, a cycle, a boxed
 * primitive) takes the round trip itself, so it throws or converts as JSON does.
 */
export function copyJson<T>(value: T): T {
  const copied = copyMember(value, '', 0);
  return (copied === UNMODELLED || copied === undefined ? roundTrip(value) : copied) as T;
}

/** Marks a value copyMember leaves to JSON itself: the whole value then takes the round trip. */
const UNMODELLED = Symbol('unmodelled');

/** Deeper than any record: a cycle, which JSON rejects (the round trip then throws its TypeError). */
const MAX_DEPTH = 1000;

function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The copy of one value as JSON writes it under `key`: `undefined` for one it leaves out. */
function copyMember(input: unknown, key: string, depth: number): unknown {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return null;
      return value === 0 ? 0 : value;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      return value === null ? null : copyObject(value, depth + 1);
    default:
      return UNMODELLED; // bigint: JSON.stringify throws, and so will the round trip
  }
}

function copyObject(value: object, depth: number): unknown {
  if (depth > MAX_DEPTH) return UNMODELLED;
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return UNMODELLED;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copyMember(value[i], String(i), depth);
      if (item === UNMODELLED) return UNMODELLED;
      out[i] = item === undefined ? null : item; // JSON writes a left-out array item as null
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return UNMODELLED; // JSON.parse makes it an own property; an assignment here would not
    const member = copyMember(record[key], key, depth);
    if (member === UNMODELLED) return UNMODELLED;
    if (member !== undefined) out[key] = member;
  }
  return out;
}
