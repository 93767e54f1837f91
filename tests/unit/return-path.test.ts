import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_PATH, parseReturnPath, safeReturnPath } from '@/lib/security/return-path';

/** What a browser does with each value matters: every refused row is a way off-site (or a nuisance). */
const refused: [string, unknown][] = [
  ['tab between the slashes', '/\t/evil.example'],
  ['encoded tab between the slashes', '/%09/evil.example'],
  ['CR between the slashes', '/\r/evil.example'],
  ['encoded CR', '/%0D/evil.example'],
  ['LF between the slashes', '/\n/evil.example'],
  ['encoded LF', '/%0a/evil.example'],
  ['a NUL byte', '/orders%00'],
  ['DEL', '/orders\u007f'],
  ['a C1 control', '/orders\u0085'],
  ['protocol-relative', '//evil.example'],
  ['protocol-relative with a path', '//evil.example/orders'],
  ['a backslash', '/\\evil.example'],
  ['backslashes only', '\\\\evil.example'],
  ['an encoded backslash', '/%5Cevil.example'],
  ['an encoded slash', '/%2F%2Fevil.example'],
  ['a double-encoded slash', '/%252F%252Fevil.example'],
  ['an encoded slash later in the path', '/orders%2F..%2F..%2F'],
  ['an absolute https URL', 'https://evil.example/orders'],
  ['an absolute URL with the same path', 'http://localhost:3000/orders'],
  ['a javascript: URL', 'javascript:alert(1)'],
  ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
  ['a scheme with leading space', ' https://evil.example'],
  ['a relative path', 'orders'],
  ['dot segments that collapse to //', '/a/..//evil.example'],
  ['dot segments with an encoded dot', '/a/%2e%2e//evil.example'],
  ['a malformed escape', '/orders/%E0%A4%A'],
  ['never-ending encoding', `/${'%25'.repeat(8)}2F`],
  ['an empty string', ''],
  ['too long', `/${'a'.repeat(3000)}`],
  ['a number', 42],
  ['an array', ['/orders']],
  ['null', null],
  ['undefined', undefined],
];

const accepted: [string, string, string][] = [
  ['the orders page', '/orders', '/orders'],
  ['an order', '/orders/cs_test_a1B2', '/orders/cs_test_a1B2'],
  ['a path with a query and a fragment', '/orders?page=2#top', '/orders?page=2#top'],
  ['the home page', '/', '/'],
  ['dot segments that stay on the site', '/orders/../cart', '/cart'],
  ['an encoded space', '/orders/a%20b', '/orders/a%20b'],
  ['an encoded slash in the query (not the path)', '/orders?next=%2Fcart', '/orders?next=%2Fcart'],
];

describe('parseReturnPath', () => {
  it.each(refused)('refuses %s', (_name, value) => {
    expect(parseReturnPath(value)).toBeNull();
    expect(safeReturnPath(value)).toBe(DEFAULT_RETURN_PATH);
  });

  it.each(accepted)('accepts %s', (_name, value, expected) => {
    expect(parseReturnPath(value)).toBe(expected);
  });

  it('falls back to the given path', () => {
    expect(safeReturnPath('//evil.example', '/cart')).toBe('/cart');
  });

  it('never returns anything a browser would resolve off-site', () => {
    for (const [, value] of refused) {
      const result = safeReturnPath(value);
      expect(new URL(result, 'https://shop.example').origin).toBe('https://shop.example');
    }
  });
});
