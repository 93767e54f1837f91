import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { API_KEY, startEmulator } from './helpers';

let emulator: RunningStripeEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

async function call(method: string, path: string, form: Record<string, string> = {}): Promise<{ status: number; body: { error?: { type?: string; message?: string; code?: string } } & Record<string, unknown> }> {
  const body = new URLSearchParams(form).toString();
  const res = await fetch(`${emulator.url}${path}${method === 'GET' && body ? `?${body}` : ''}`, {
    method,
    headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    ...(method === 'GET' ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { type?: string; message?: string } } };
}

describe('search routes exist for GET only, as in Stripe', () => {
  it.each([
    ['POST', '/v1/products/search'],
    ['POST', '/v1/prices/search'],
    ['DELETE', '/v1/products/search'],
  ])('%s %s is an unrecognized URL, not an object named "search"', async (method, path) => {
    const res = await call(method, path, method === 'POST' ? { query: "active:'true'" } : {});
    expect(res.status).toBe(404);
    expect(res.body.error?.type).toBe('invalid_request_error');
    expect(res.body.error?.message).toContain(`Unrecognized request URL (${method}: ${path})`);
    expect(res.body.error?.message).not.toContain("'search'");
  });

  it('still searches with GET and still updates a product by id with POST', async () => {
    const found = await call('GET', '/v1/products/search', { query: "name~'Taco'" });
    expect(found.status).toBe(200);
    expect(found.body['object']).toBe('search_result');
    const updated = await call('POST', '/v1/products/prod_taco_bar', { 'metadata[tested]': 'yes' });
    expect(updated.status).toBe(200);
    expect(updated.body['metadata']).toMatchObject({ tested: 'yes' });
  });
});
