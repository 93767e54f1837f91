import fs from 'node:fs';
import path from 'node:path';
import type { APIResponse } from '@playwright/test';
import { LOCAL_STRIPE_SECRET_KEY } from '@/lib/config/env';
import { PRERENDERED_PAGES } from '@/lib/security/static-pages';
import { expect, test } from './fixtures';

/**
 * Security of the production build as served: headers and CSP, secrets absent from what the browser
 * downloads, hostile URLs answered without a 500, and the API's refusals wired through Next.
 */

function directives(policy: string | undefined): Map<string, string[]> {
  return new Map(
    (policy ?? '').split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

function expectBaselineHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['permissions-policy']).toContain('camera=()');
  // `next start` runs with NODE_ENV=production.
  expect(headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
  const csp = directives(headers['content-security-policy']);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  // The browser signs in against cognito-local in this run.
  expect(csp.get('connect-src')).toEqual(["'self'", `http://127.0.0.1:${process.env.E2E_COGNITO_PORT ?? 9230}`]);
}

test.describe('security headers', () => {
  for (const pagePath of ['/cart', '/sign-in', '/orders', '/checkout/success?session_id=cs_test_nope', '/no-such-page']) {
    test(`${pagePath} has the nonce-only script policy, and every script carries the nonce`, async ({ request }) => {
      const response = await request.get(pagePath, { maxRedirects: 0 });
      expect(response.status()).toBeLessThan(500);
      expectBaselineHeaders(response);
      const scriptSources = directives(response.headers()['content-security-policy']).get('script-src') ?? [];
      const nonce = scriptSources.find((source) => source.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
      expect(nonce, 'a nonce in script-src').toBeTruthy();
      expect(scriptSources).not.toContain("'unsafe-inline'");
      expect(scriptSources).not.toContain("'unsafe-eval'");
      if (response.status() === 200) {
        const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length).toBeGreaterThan(0);
        for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      }
    });
  }

  test('prerendered pages carry the same headers, with the documented inline-script allowance', async ({ request }) => {
    for (const pagePath of ['/', '/checkout/canceled']) {
      const response = await request.get(pagePath);
      expect(response.status()).toBe(200);
      expectBaselineHeaders(response);
      expect(directives(response.headers()['content-security-policy']).get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    }
  });

  test('the list of prerendered pages matches what next build prerendered', () => {
    const manifest = JSON.parse(fs.readFileSync('.next/prerender-manifest.json', 'utf8')) as {
      routes: Record<string, { routeType?: string }>;
    };
    const prerendered = Object.entries(manifest.routes)
      .filter(([route, entry]) => entry.routeType === 'page' && !route.startsWith('/_'))
      .map(([route]) => route)
      .sort();
    expect(prerendered, 'update lib/security/static-pages.ts').toEqual([...PRERENDERED_PAGES].sort());
  });

  test('API responses are JSON that is neither cached nor sniffed', async ({ request }) => {
    const response = await request.post('/api/checkout', { data: 'lines=1', headers: { 'Content-Type': 'text/plain' } });
    expect(response.status()).toBe(415);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
    expect(response.headers()['cache-control']).toBe('no-store');
  });
});

test.describe('prefetches and API responses carry the headers too (issue 14)', () => {
  const prefetches: [string, Record<string, string>][] = [
    ['a router prefetch', { 'Next-Router-Prefetch': '1', RSC: '1' }],
    ['a browser prefetch', { Purpose: 'prefetch' }],
  ];
  for (const [name, headers] of prefetches) {
    test(`${name} of a page gets the security headers, and of a malformed path a 400`, async ({ request }) => {
      for (const pagePath of ['/cart', '/orders']) {
        const response = await request.get(pagePath, { headers, maxRedirects: 0 });
        expect(response.status(), pagePath).toBeLessThan(500);
        expectBaselineHeaders(response);
      }
      const malformed = await request.get('/orders/%E0%A4%A', { headers, maxRedirects: 0 });
      expect(malformed.status()).toBe(400);
      expect(malformed.headers()['x-frame-options']).toBe('DENY');
    });
  }

  test('API responses carry a nothing-allowed policy', async ({ request }) => {
    const response = await request.get('/api/session');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers()['x-frame-options']).toBe('DENY');
  });
});

test.describe('sign-out needs the shop itself (issue 14)', () => {
  test("another site's link shows a confirmation instead of signing out", async ({ request }) => {
    const html = await (await request.get('/sign-out', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).text();
    expect(html).toContain('Sign out?');
    expect(html).not.toContain('Signing you out');
  });

  test("the shop's own navigation signs out at once", async ({ request }) => {
    const html = await (await request.get('/sign-out', { headers: { 'Sec-Fetch-Site': 'same-origin' } })).text();
    expect(html).toContain('Signing you out');
  });
});

test.describe('pages work under the CSP', () => {
  // The fixture fails a test on any console error on the shop's origin, CSP violations included.
  test('the catalog, a product, the cart and sign-in hydrate and run without CSP violations', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto('/');
    await page.getByRole('button', { name: /^Add .+ to cart$/ }).first().click();
    await expect(page.getByRole('status').filter({ hasText: 'added to cart' })).toBeVisible();
    await page.getByRole('link', { name: /^Cart, \d+ items?$/ }).click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await page.goto('/sign-in');
    // The Authenticator is a client component: it renders only if the nonce let Next's scripts run.
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await page.goto('/checkout/canceled');
    await page.getByRole('link', { name: 'Back to your cart' }).click();
    await expect(page).toHaveURL(/\/cart$/);
    expect(violations).toEqual([]);
  });
});

test.describe('secrets stay on the server', () => {
  function clientFiles(directory: string): string[] {
    return fs.readdirSync(directory, { withFileTypes: true, recursive: true }).flatMap((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return entry.isFile() && /\.(?:js|mjs|css|json|html|txt|map)$/.test(entry.name) ? [file] : [];
    });
  }

  test('no Stripe key, webhook secret or configured secret value is in the client bundles or pages', async ({ request }) => {
    expect(fs.existsSync('.next/static'), 'the e2e run builds the app first; .next/static must exist').toBe(true);
    const webhookSecret = fs.readFileSync('.data/e2e/local-webhook-secret', 'utf8').trim();
    expect(webhookSecret).toMatch(/^whsec_/);
    const forbidden: [string, RegExp][] = [
      ['a Stripe secret key', /sk_(?:test|live)_/],
      ['a Stripe restricted key', /rk_(?:test|live)_/],
      ['a webhook signing secret', /whsec_/],
      ["the e2e server's webhook secret", new RegExp(webhookSecret)],
      ['the local Stripe key', new RegExp(LOCAL_STRIPE_SECRET_KEY)],
    ];

    const files = clientFiles('.next/static');
    expect(files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(5);
    const leaks: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [what, pattern] of forbidden) if (pattern.test(text)) leaks.push(`${what} in ${file}`);
    }
    for (const pagePath of ['/', '/cart', '/sign-in', '/checkout/canceled']) {
      const html = await (await request.get(pagePath)).text();
      for (const [what, pattern] of forbidden) if (pattern.test(html)) leaks.push(`${what} in the HTML of ${pagePath}`);
    }
    expect(leaks).toEqual([]);
  });
});

test.describe('hostile URLs', () => {
  const garbage = [
    'cs_test_nope',
    '%27%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%E0%A4%A',
    'x'.repeat(2000),
    '1%20OR%201%3D1',
  ];

  for (const id of garbage) {
    test(`/orders/${id.slice(0, 40)} sends a signed-out visitor to sign in, never a 500`, async ({ request }) => {
      const response = await request.get(`/orders/${id}`, { maxRedirects: 0 });
      expect(response.status(), await response.text().catch(() => '')).toBeGreaterThanOrEqual(300);
      expect(response.status()).toBeLessThan(500);
      if (response.status() < 400) expect(response.headers()['location']).toMatch(/^\/sign-in\?returnTo=/);
    });

    test(`/checkout/success?session_id=${id.slice(0, 40)} says the checkout was not found, never a 500`, async ({ request }) => {
      const response = await request.get(`/checkout/success?session_id=${id}`);
      expect([200, 404]).toContain(response.status());
      const html = await response.text();
      expect(html).toContain('We couldn&#x27;t find that checkout');
      expect(html).not.toContain('<script>alert(1)</script>');
    });
  }

  test('a path with a broken percent-escape is a 400, not the 500 Next gives dynamic routes', async ({ request }) => {
    for (const pagePath of ['/orders/%E0%A4%A', '/products/%ZZ', '/%']) {
      const response = await request.get(pagePath, { maxRedirects: 0 });
      expect(response.status(), pagePath).toBe(400);
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
    }
  });

  test('/checkout/success with no session id or two of them is not a 500', async ({ request }) => {
    for (const query of ['', '?session_id=', '?session_id=a&session_id=b']) {
      const response = await request.get(`/checkout/success${query}`);
      expect(response.status(), query).toBeLessThan(500);
    }
  });
});

test.describe('the API through Next', () => {
  test('the webhook refuses a wrong method, content type and signature with short JSON', async ({ request }) => {
    const wrongMethod = await request.get('/api/webhooks/stripe');
    expect(wrongMethod.status()).toBe(405);
    expect(wrongMethod.headers()['allow']).toBe('POST');
    expect(await wrongMethod.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });

    const wrongType = await request.post('/api/webhooks/stripe', { data: 'hello', headers: { 'Content-Type': 'text/plain', 'Stripe-Signature': 't=1,v1=00' } });
    expect(wrongType.status()).toBe(415);
    expect(await wrongType.json()).toEqual({ error: { code: 'unsupported_media_type', message: expect.any(String) } });

    const forged = await request.post('/api/webhooks/stripe', {
      data: JSON.stringify({ id: 'evt_forged', type: 'checkout.session.completed', data: { object: { id: 'cs_test_nope' } } }),
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });
    expect(forged.status()).toBe(400);
    const body = await forged.text();
    expect(body).toBe('{"error":{"code":"invalid_signature","message":"Invalid signature"}}');
  });

  test('checkout is rate-limited per client with 429 and Retry-After', async ({ request }) => {
    // A client address of its own, so this test spends no allowance of the browser tests (all from 127.0.0.1).
    // `next start` keeps a client's X-Forwarded-For; in production the proxy in front appends the real one.
    const headers = { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250) + 1}` };
    let limited: APIResponse | undefined;
    for (let attempt = 0; attempt < 1000 && !limited; attempt++) {
      const response = await request.post('/api/checkout', { data: '{}', headers });
      if (response.status() === 429) limited = response;
      else expect(response.status()).toBe(400);
    }
    expect(limited, 'a 429 within 1000 attempts').toBeDefined();
    expect(Number(limited!.headers()['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await limited!.json()).error.code).toBe('rate_limited');
  });
});
