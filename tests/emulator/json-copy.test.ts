import { describe, expect, it } from 'vitest';
import { copyJson } from '@/emulators/stripe/json-copy';

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/** Same result as the JSON round trip, key order and -0 included (toStrictEqual tells 0 from -0 and {} from null-prototype maps). */
function expectSameAsJson(value: unknown): void {
  const copy = copyJson(value);
  expect(copy).toStrictEqual(viaJson(value));
  expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  if (copy !== null && typeof copy === 'object') expect(Object.keys(copy)).toEqual(Object.keys(viaJson(value) as object));
}

describe('copyJson: the JSON round trip without the text', () => {
  it('copies a price as the round trip does, sharing nothing with the original', () => {
    const price = {
      id: 'price_1', object: 'price', active: true, currency: 'usd', metadata: { a: '1' }, nickname: null,
      recurring: null, tiers: [{ up_to: 5, unit_amount: 100 }, { up_to: null, unit_amount: 90 }], unit_amount: 4500,
    };
    const copy = copyJson(price);
    expectSameAsJson(price);
    expect(copy.metadata).not.toBe(price.metadata);
    expect(copy.tiers[0]).not.toBe(price.tiers[0]);
  });

  it('drops what JSON drops and writes what JSON writes (undefined, functions, NaN, Infinity, -0, holes)', () => {
    const odd = { u: undefined, f: () => 1, s: Symbol('x'), n: NaN, inf: -Infinity, z: -0, arr: [undefined, () => 1, NaN, -0, , 'x'], nested: { deep: [[{ k: undefined }]] } };
    expectSameAsJson(odd);
    expect(Object.is((copyJson(odd) as { z: number }).z, 0)).toBe(true);
    expectSameAsJson([1, 'a', null, true]);
    expectSameAsJson('text');
    expectSameAsJson(-0);
    expectSameAsJson(null);
  });

  it('turns null-prototype maps into plain objects, and keeps a "__proto__" key as an own property', () => {
    const map = Object.create(null) as Record<string, unknown>;
    map['b'] = 1;
    map['a'] = { c: 2 };
    expectSameAsJson(map);
    const withProtoKey = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as unknown;
    expectSameAsJson(withProtoKey);
    expect(Object.getPrototypeOf(copyJson(withProtoKey))).toBe(Object.prototype);
  });

  it('follows toJSON (a Date, the SDK Decimal of unit_amount_decimal) and copies class instances by their own keys, as JSON does', async () => {
    const { default: StripeSdk } = await import('stripe');
    const date = new Date(Date.UTC(2030, 0, 1));
    class Point {
      constructor(readonly x: number) {}
    }
    const value = {
      when: date,
      decimal: StripeSdk.Decimal.from('4500'),
      custom: { toJSON: (key: string) => `custom at ${key}` },
      list: [{ toJSON: (key: string) => `item ${key}` }],
      p: new Point(3),
    };
    expectSameAsJson(value);
    expect(copyJson(value).decimal).toBe('4500');
  });

  it('leaves to JSON itself what it does not model (BigInt, cycles, boxed primitives, undefined)', () => {
    expect(() => copyJson({ big: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => copyJson(cyclic)).toThrow(TypeError);
    expect(() => copyJson(undefined)).toThrow(SyntaxError);
    expectSameAsJson({ boxed: new String('s') });
  });
});
