import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '@/lib/config/config';
import { ConfigError, LOCAL_STRIPE_SECRET_KEY } from '@/lib/config/env';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'config-'));

describe('configuration', () => {
  it('defaults to Local Stripe with a generated, persistent webhook secret', () => {
    const dataDir = tempDir();
    const config = buildConfig({ LOCAL_DATA_DIR: dataDir });
    expect(config.stripe).toEqual({
      kind: 'local',
      secretKey: LOCAL_STRIPE_SECRET_KEY,
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
      apiBase: 'http://127.0.0.1:12111',
    });
    expect(config.webhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
    expect(buildConfig({ LOCAL_DATA_DIR: dataDir }).webhookSecret).toBe(config.webhookSecret);
    expect(config.siteUrl).toBe('http://localhost:3000');
  });

  it('uses real Stripe when a secret key is set, and then requires the webhook secret', () => {
    expect(() => buildConfig({ STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl', LOCAL_DATA_DIR: tempDir() })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    const config = buildConfig({ STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_abc' });
    expect(config.stripe).toEqual({ kind: 'stripe', secretKey: 'sk_test_abcdefghijkl' });
    expect(config.webhookSecret).toBe('whsec_abc');
  });

  it('points a real key at another API base when STRIPE_API_BASE is set', () => {
    const config = buildConfig({ STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl', STRIPE_API_BASE: 'http://localhost:4242', STRIPE_WEBHOOK_SECRET: 'whsec_x' });
    expect(config.stripe).toMatchObject({ kind: 'local', secretKey: 'sk_test_abcdefghijkl', host: 'localhost', port: 4242 });
  });

  it('explains every invalid variable at once', () => {
    let error: unknown;
    try {
      buildConfig({ STRIPE_SECRET_KEY: 'pk_test_oops', NEXT_PUBLIC_SITE_URL: 'not a url', SHOP_TIME_ZONE: 'Mars/Olympus' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('STRIPE_SECRET_KEY must be a Stripe secret key');
    expect(message).toContain('NEXT_PUBLIC_SITE_URL must be an absolute URL');
    expect(message).toContain('SHOP_TIME_ZONE must be an IANA time zone');
  });

  it('strips a trailing slash from the site URL so return URLs are well formed', () => {
    expect(buildConfig({ NEXT_PUBLIC_SITE_URL: 'https://shop.example/', LOCAL_DATA_DIR: tempDir() }).siteUrl).toBe('https://shop.example');
  });
});

describe('configuration from a copied .env.example', () => {
  it('treats empty values as unset', () => {
    const config = buildConfig({ STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: ' ', NEXT_PUBLIC_SITE_URL: '', LOCAL_DATA_DIR: tempDir(), STRIPE_API_BASE: '' });
    expect(config.stripe.kind).toBe('local');
    expect(config.siteUrl).toBe('http://localhost:3000');
  });
});
