/**
 * A deep copy with exactly the result of `JSON.parse(JSON.stringify(value))` for the plain data the
 * emulator's records are (objects, arrays, strings, numbers, booleans, null), without building and
 * re-parsing the text: on Node 20 the round trip cost about ten times as much, on every session create
 * (the line item's price) and every expand. Anything else (a class instance, a toJSON, a BigInt) takes
 * the round trip itself, so it behaves as JSON does there too.
 */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) {
    // A top-level primitive: JSON keeps it, except a non-finite number (null); undefined, functions
    // and BigInts go through JSON, which rejects them as it always did.
    if (typeof value === 'number') return copyNumber(value) as T;
    if (typeof value === 'string' || typeof value === 'boolean') return value;
    return roundTrip(value);
  }
  const copied = copyNode(value, 0);
  return (copied === UNPLAIN ? roundTrip(value) : copied) as T;
}

/** Marks a subtree copyNode cannot copy faithfully: the whole value then takes the JSON round trip. */
const UNPLAIN = Symbol('unplain');

/** Deeper than any record: a cycle, which JSON rejects (the round trip then throws its TypeError). */
const MAX_DEPTH = 1000;

function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** JSON writes a non-finite number as null, and -0 as 0. */
function copyNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

function isPlain(value: object, expectedProto: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === expectedProto || (expectedProto === Object.prototype && proto === null)) && !('toJSON' in value);
}

/** A member value as JSON writes it: `undefined` for one it leaves out, UNPLAIN for one to hand to JSON. */
function copyMember(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return copyNumber(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object':
      return value === null ? null : copyNode(value, depth + 1);
    default:
      return UNPLAIN; // bigint: JSON.stringify throws, and so will the round trip
  }
}

function copyNode(value: object, depth: number): unknown {
  if (depth > MAX_DEPTH) return UNPLAIN;
  if (Array.isArray(value)) {
    if (!isPlain(value, Array.prototype)) return UNPLAIN;
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = copyMember(value[i], depth);
      if (item === UNPLAIN) return UNPLAIN;
      out[i] = item === undefined ? null : item; // JSON writes a left-out array item as null
    }
    return out;
  }
  if (!isPlain(value, Object.prototype)) return UNPLAIN;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '__proto__') return UNPLAIN; // JSON.parse makes it an own property; an assignment here would not
    const member = copyMember(record[key], depth);
    if (member === UNPLAIN) return UNPLAIN;
    if (member !== undefined) out[key] = member;
  }
  return out;
}
