import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseLaunchEnv } from '@/lib/config/launch-env';
import { assertPortFree, describeHolder, PortBusyError } from '@/scripts/lib/busy-port';
import { throwIfMisconfigured } from '@/scripts/lib/health-report';
import { explainNextLine } from '@/scripts/lib/next-output';
import { freePort } from '@/tests/support/free-port';

describe('launcher variables', () => {
  it('defaults', () => {
    expect(parseLaunchEnv({})).toEqual({ PORT: 3000, STRIPE_EMULATOR_PORT: 12111, COGNITO_LOCAL_PORT: 9229, HOST: '127.0.0.1', STRIPE_WEBHOOK_RETRY_SCALE: 1 });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT: PORT must be a port number between 1 and 65535/],
    [{ STRIPE_EMULATOR_PORT: '70000' }, /STRIPE_EMULATOR_PORT must be a port number/],
    [{ COGNITO_LOCAL_PORT: '0' }, /COGNITO_LOCAL_PORT must be a port number/],
    [{ HOST: 'http://0.0.0.0' }, /HOST must be an address to listen on/],
    [{ STRIPE_WEBHOOK_RETRY_SCALE: '0' }, /STRIPE_WEBHOOK_RETRY_SCALE must be a positive number/],
    [{ STRIPE_ASYNC_PAYMENT_DELAY_MS: '1.5s' }, /STRIPE_ASYNC_PAYMENT_DELAY_MS must be a whole number of milliseconds/],
  ])('%o is refused', (env, message) => {
    expect(() => parseLaunchEnv(env)).toThrow(message);
  });
});

describe('a busy port', () => {
  async function holding<T>(run: (port: number) => Promise<T>): Promise<T> {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      return await run(port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  it('is one line naming the port, its holder and the variable that moves it', async () => {
    const error = await holding((port) => assertPortFree(port, '127.0.0.1', 'the shop', 'PORT').then(() => null, (caught: unknown) => ({ caught, port })));
    expect(error?.caught).toBeInstanceOf(PortBusyError);
    const message = (error?.caught as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`Port ${error?.port} (the shop) is in use`);
    expect(message).toContain('set PORT to a free port');
    // This test process holds it; Linux's /proc says so.
    if (process.platform === 'linux') expect(message).toContain(`by pid ${process.pid} (`);
  });

  it('is refused while held even when another interface is asked for', async () => {
    await holding(async (port) => {
      await expect(assertPortFree(port, '0.0.0.0', 'Local Stripe', 'STRIPE_EMULATOR_PORT')).rejects.toThrow(/STRIPE_EMULATOR_PORT/);
    });
  });

  it('passes a free port, and finds no holder for it', async () => {
    const port = await freePort();
    await expect(assertPortFree(port, '127.0.0.1', 'the shop', 'PORT')).resolves.toBeUndefined();
    expect(describeHolder(port)).toBeNull();
  });
});

describe('reading /api/health during start', () => {
  const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('stops on configuration problems', async () => {
    await expect(throwIfMisconfigured(reply(503, { ok: false, configuration: { ok: false, issues: ['LOG_LEVEL: bad'] } }))).rejects.toThrow(/LOG_LEVEL: bad/);
  });

  it('keeps waiting on a dependency that is not up yet, or on a non-JSON 503', async () => {
    await expect(throwIfMisconfigured(reply(503, { ok: false, configuration: { ok: true, issues: [] }, dependencies: { auth: 'unreachable' } }))).resolves.toBeUndefined();
    await expect(throwIfMisconfigured(new Response('Service Unavailable', { status: 503 }))).resolves.toBeUndefined();
  });
});

describe("next's start output", () => {
  it('no longer shows our deliberate isrFlushToDisk setting as an error mark', () => {
    const line = explainNextLine('  ⨯ isrFlushToDisk');
    expect(line).not.toContain('⨯');
    expect(line).toBe('  - isrFlushToDisk off (deliberate: re-rendered pages stay in memory, see next.config.ts)');
    expect(explainNextLine('⨯ Failed to compile')).toBe('⨯ Failed to compile');
  });
});
