import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConfig, type AppConfig } from '@/lib/config/config';
import { answersHttp, checkReadiness, type ReadinessDeps } from '@/lib/config/readiness';
import { freePort } from '@/tests/support/free-port';

const localConfig = (): AppConfig =>
  buildConfig({ LOCAL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-')), COGNITO_USER_POOL_ID: 'local_x', COGNITO_CLIENT_ID: 'c' });

function deps(overrides: Partial<ReadinessDeps> = {}): ReadinessDeps {
  const config = localConfig();
  return { configurationIssues: () => [], config: () => config, services: () => ({}), reachable: async () => true, ...overrides };
}

describe('readiness', () => {
  it('is ready when the configuration is valid and the emulators answer', async () => {
    const reached: string[] = [];
    const readiness = await checkReadiness(deps({ reachable: async (url) => (reached.push(url), true) }));
    expect(readiness).toEqual({
      ok: true,
      profile: 'local',
      configuration: { ok: true, issues: [] },
      dependencies: { services: 'ok', stripe: 'ok', auth: 'ok', data: 'not checked' },
    });
    expect(reached.sort()).toEqual(['http://127.0.0.1:12111', 'http://127.0.0.1:9229']);
  });

  it('is not ready with a configuration problem, and says which', async () => {
    const readiness = await checkReadiness(deps({ configurationIssues: () => ['SHOP_TIME_ZONE: SHOP_TIME_ZONE must be an IANA time zone'] }));
    expect(readiness.ok).toBe(false);
    expect(readiness.configuration.issues).toEqual(['SHOP_TIME_ZONE: SHOP_TIME_ZONE must be an IANA time zone']);
  });

  it('is not ready when a dependency does not answer', async () => {
    const readiness = await checkReadiness(deps({ reachable: async (url) => !url.includes('9229') }));
    expect(readiness).toMatchObject({ ok: false, dependencies: { stripe: 'ok', auth: 'unreachable' } });
  });

  it('is not ready when the services cannot be built', async () => {
    const readiness = await checkReadiness(
      deps({
        services: () => {
          throw new Error('better-sqlite3 failed to load');
        },
      }),
    );
    expect(readiness).toMatchObject({ ok: false, dependencies: { services: 'unreachable' } });
  });

  it('does not probe real Stripe', async () => {
    const config = buildConfig({ STRIPE_SECRET_KEY: 'sk_test_abcdefghijkl', STRIPE_WEBHOOK_SECRET: 'whsec_x', LOCAL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'r-')) });
    const readiness = await checkReadiness(deps({ config: () => config }));
    expect(readiness.dependencies.stripe).toBe('not checked');
  });
});

describe('answersHttp', () => {
  it('counts any HTTP answer, even a 404, and not a closed port', async () => {
    const server = http.createServer((_request, response) => response.writeHead(404).end());
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await answersHttp(`http://127.0.0.1:${port}/`)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await answersHttp(`http://127.0.0.1:${port}/`)).toBe(false);
  });
});
