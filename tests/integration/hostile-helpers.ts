import { expect } from 'vitest';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** Traces of internals a refusal must never show: stack frames, file paths, SDK and runtime messages. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat .+[(:]\d+/],
  ['a file path', /(?:\/[\w.-]+){2,}\.(?:ts|js|mjs|cjs)\b|node_modules|\/work\/|[A-Z]:\\/],
  ["the Stripe SDK's verification message", /No signatures found|Timestamp outside the tolerance|Unable to extract timestamp|Learn more about webhook signing/i],
  ['a JavaScript error name', /\b(?:SyntaxError|TypeError|ReferenceError|Error:)/],
  ['a secret', /whsec_|sk_(?:test|live)_/],
];

/** Asserts a refusal is short JSON `{ error: { code, message } }` that gives nothing away; returns it. */
export async function expectShortSafeError(response: Response): Promise<ErrorBody> {
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const text = await response.text();
  expect(text.length, 'a short body').toBeLessThan(300);
  for (const [leak, pattern] of LEAKS) expect(text, `the body shows ${leak}`).not.toMatch(pattern);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error).toEqual(expect.objectContaining({ code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) }));
  return body;
}
