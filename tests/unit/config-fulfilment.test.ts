import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig } from '@/lib/config/config';

const dataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'config-fulfilment-'));
const SECRET = 'a_fulfilment_secret_of_32_chars_x';

describe('the fulfilment hand-off settings', () => {
  it('are off without FULFILMENT_WEBHOOK_URL', () => {
    expect(buildConfig({ LOCAL_DATA_DIR: dataDir() }).fulfilmentWebhook).toBeNull();
  });

  it('take the URL and its secret together', () => {
    const config = buildConfig({ LOCAL_DATA_DIR: dataDir(), FULFILMENT_WEBHOOK_URL: 'https://dispatch.example/hooks', FULFILMENT_WEBHOOK_SECRET: SECRET });
    expect(config.fulfilmentWebhook).toEqual({ url: 'https://dispatch.example/hooks', secret: SECRET });
  });

  it('refuse a URL without a secret, a short secret and a URL without its scheme, naming the variable', () => {
    expect(() => buildConfig({ LOCAL_DATA_DIR: dataDir(), FULFILMENT_WEBHOOK_URL: 'https://dispatch.example/hooks' })).toThrow(/FULFILMENT_WEBHOOK_SECRET: required/);
    expect(() => buildConfig({ LOCAL_DATA_DIR: dataDir(), FULFILMENT_WEBHOOK_URL: 'https://dispatch.example/hooks', FULFILMENT_WEBHOOK_SECRET: 'short' })).toThrow(/at least 24/);
    expect(() => buildConfig({ LOCAL_DATA_DIR: dataDir(), FULFILMENT_WEBHOOK_URL: 'dispatch.example:443/hooks', FULFILMENT_WEBHOOK_SECRET: SECRET })).toThrow(/FULFILMENT_WEBHOOK_URL/);
  });
});
