import { describe, expect, it } from 'vitest';
import { Router, type Route } from '@/emulators/stripe/server/route';

const route = (method: Route['method'], pattern: string): Route => ({ method, pattern, handler: () => pattern });

describe('Router', () => {
  it('never reads a literal segment of another method as an id, including a route added after the first match', () => {
    const router = new Router();
    router.add([route('POST', '/v1/products/:id'), route('GET', '/v1/products/search')]);
    expect(router.match('POST', '/v1/products/prod_1')?.pathParams).toEqual({ id: 'prod_1' });
    expect(router.match('POST', '/v1/products/search')).toBeNull();
    expect(router.match('POST', '/v1/products/export')?.pathParams).toEqual({ id: 'export' });
    router.add([route('GET', '/v1/products/export')]);
    expect(router.match('POST', '/v1/products/export')).toBeNull();
    expect(router.match('GET', '/v1/products/export')?.route.pattern).toBe('/v1/products/export');
  });
});
