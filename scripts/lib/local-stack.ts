import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Supervisor, describeExit, spawnGroup } from '../../emulators/child-process';
import { startCognitoLocal } from '../../emulators/cognito/start-cognito-local';
import { DEFAULT_LOCAL_STRIPE_API_BASE } from '../../lib/config/env';
import { readOrCreateLocalWebhookSecret } from '../../lib/local/local-secrets';
import { LocalMailbox } from '../../lib/mail/local-mailbox';
import { verificationCodeEmail } from '../../lib/mail/templates';

export interface LocalStackOptions {
  /** 'dev' runs `next dev`; 'start' serves the production build. */
  nextCommand: 'dev' | 'start';
  port: number;
  fresh: boolean;
}

export interface LocalStack {
  shopUrl: string;
  stop(): Promise<void>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

// The AWS SDK warns on every start that its 2027 releases will need Node 22; the shop supports Node 20 today.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Runs a process of the stack in its own group with its output prefixed. */
function startChild(tag: string, args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnGroup(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines(tag, chunk)));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines(tag, chunk)));
  return child;
}

/** Local Stripe as a child process (state in SQLite, so even a kill -9 loses no acknowledged write). */
async function startLocalStripe(dataDir: string, shopUrl: string, shopPort: number, env: NodeJS.ProcessEnv, supervisor: Supervisor): Promise<{ url: string; secret: string }> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET || readOrCreateLocalWebhookSecret(dataDir);
  const port = numberFromEnv('STRIPE_EMULATOR_PORT', Number(new URL(DEFAULT_LOCAL_STRIPE_API_BASE).port));
  const child = startChild('stripe', ['--import', 'tsx', path.join(__dirname, '../../emulators/stripe/cli.ts')], {
    ...env,
    STRIPE_EMULATOR_PORT: String(port),
    STRIPE_EMULATOR_DATA_DIR: path.join(dataDir, 'stripe'),
    STRIPE_WEBHOOK_URL: `http://127.0.0.1:${shopPort}/api/webhooks/stripe`,
    STRIPE_WEBHOOK_SECRET: secret,
    STRIPE_WEBHOOK_RETRY_SCALE: String(numberFromEnv('STRIPE_WEBHOOK_RETRY_SCALE', 1)),
  });
  supervisor.add('Local Stripe', child);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/_emulator/health`, 'Local Stripe', child, 60_000);
  return { url, secret };
}

/**
 * Starts what the shop needs on a machine with no accounts: Local Stripe (unless real Stripe keys
 * are configured), cognito-local and Next itself, wired together through environment variables only.
 * If any of them dies, everything is stopped (ports freed) and the launcher exits saying which and why.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR || '.data');
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const shopUrl = process.env.NEXT_PUBLIC_SITE_URL || `http://localhost:${options.port}`;
  const useRealStripe = Boolean(process.env.STRIPE_SECRET_KEY) && !process.env.STRIPE_API_BASE;
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_PUBLIC_SITE_URL: shopUrl, LOCAL_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };

  let codeMailbox: LocalMailbox | undefined;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> =>
    (stopping ??= supervisor.stopAll().then(() => codeMailbox?.close()));
  let ready = false;
  let reportFailure: (error: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    reportFailure = reject;
  });
  failure.catch(() => undefined); // observed below, or by the exit path after start
  const supervisor = new Supervisor((exit) => {
    const reason = describeExit(exit);
    reportFailure(new Error(reason));
    if (!ready) return; // startLocalStack rejects; its caller stops and exits
    say(`\n${reason}; stopping everything…`);
    void stop().finally(() => process.exit(1));
  });
  // Whatever ends the launcher, no child (or grandchild) keeps a port.
  process.once('exit', () => supervisor.killAllNow());
  handleSignals(stop);

  try {
    await Promise.race([failure, startChildren()]);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await stop();
    throw error;
  }
  ready = true;
  say(`Shop:         ${shopUrl}`);
  if (codeMailbox) say(`Mailbox:      ${shopUrl}/dev/mailbox  (invitations and order emails land here)`);
  say('Ready. Press Ctrl-C to stop.');
  return { shopUrl, stop };

  async function startChildren(): Promise<void> {
    if (useRealStripe) {
      say('Stripe:       real Stripe (STRIPE_SECRET_KEY is set). Forward webhooks with:');
      say(`              stripe listen --forward-to ${shopUrl}/api/webhooks/stripe`);
    } else {
      say('Starting Local Stripe…');
      const stripe = await startLocalStripe(dataDir, shopUrl, options.port, env, supervisor);
      env.STRIPE_API_BASE = stripe.url;
      env.STRIPE_WEBHOOK_SECRET = stripe.secret;
      say(`Local Stripe: ${stripe.url.replace('127.0.0.1', 'localhost')}  (test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 declines)`);
    }

    if (process.env.COGNITO_USER_POOL_ID) {
      say(`Auth:         Cognito user pool ${process.env.COGNITO_USER_POOL_ID}`);
    } else {
      say('Starting local auth (cognito-local)…');
      const mailbox = LocalMailbox.open(path.join(dataDir, 'mailbox.sqlite'));
      codeMailbox = mailbox;
      const cognito = await startCognitoLocal({
        dataDir,
        port: numberFromEnv('COGNITO_LOCAL_PORT', 9229),
        // cognito-local only prints sign-up codes: put them where the shop's other emails are.
        onCodeDelivery: (delivery) => void mailbox.send(verificationCodeEmail({ to: delivery.destination, username: delivery.username, code: delivery.code })),
      });
      supervisor.add('cognito-local', cognito.child);
      env.COGNITO_USER_POOL_ID = cognito.userPoolId;
      env.COGNITO_CLIENT_ID = cognito.clientId;
      env.COGNITO_ENDPOINT = cognito.endpoint;
      say(`Local auth:   ${cognito.endpoint.replace('127.0.0.1', 'localhost')}  (cognito-local, user pool ${cognito.userPoolId})`);
    }

    say(options.nextCommand === 'dev' ? 'Starting the shop (next dev)…' : 'Starting the shop (next start)…');
    const next = startChild('next', [require.resolve('next/dist/bin/next'), options.nextCommand, '--port', String(options.port)], env);
    supervisor.add('next', next);
    await waitForHttp(`http://127.0.0.1:${options.port}/api/health`, 'next', next);
  }
}

/** Reads a numeric setting; empty or invalid values (as in a copied .env.example) mean the default. */
function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isFinite(value) ? value : fallback;
}

function prefixLines(tag: string, chunk: Buffer): string {
  return chunk
    .toString()
    .split('\n')
    .map((line, index, all) => (index === all.length - 1 && line === '' ? '' : `[${tag}] ${line}\n`))
    .join('');
}

async function waitForHttp(url: string, name: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${describeExit({ name, code: child.exitCode, signal: child.signalCode })} before it was ready`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

let signalsHandled = false;

/**
 * Ctrl-C or SIGTERM stops everything, then exits. Installed as soon as the first child starts: the
 * children run in their own process groups, so the terminal's Ctrl-C reaches only this process.
 */
function handleSignals(stop: () => Promise<void>): void {
  if (signalsHandled) return;
  signalsHandled = true;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal} received, stopping…`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/** Runs until Ctrl-C (or SIGTERM), then stops everything cleanly (startLocalStack already arranges it). */
export function stopOnSignals(stack: LocalStack): void {
  handleSignals(() => stack.stop());
}
