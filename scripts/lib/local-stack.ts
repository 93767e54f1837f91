import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopChild } from '../../emulators/child-process';
import { startCognitoLocal, type RunningCognitoLocal } from '../../emulators/cognito/start-cognito-local';
import { startStripeEmulator, type RunningStripeEmulator } from '../../emulators/stripe';
import { DEFAULT_LOCAL_STRIPE_API_BASE } from '../../lib/config/env';
import { readOrCreateLocalWebhookSecret } from '../../lib/local/local-secrets';
import { LocalMailbox } from '../../lib/mail/local-mailbox';
import { verificationCodeEmail } from '../../lib/mail/templates';
import { launchSettings } from './launch-settings';

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

/**
 * Starts what the shop needs on a machine with no accounts: Local Stripe (unless real Stripe keys
 * are configured) and Next itself, wired together through environment variables only.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // One profile decision, made before anything starts and handed to the server as APP_PROFILE.
  const { decision, host, reachableHost, warnings } = launchSettings(process.env, options.nextCommand);
  say(`Profile:      ${decision.profile} (${decision.reason})`);
  warnings.forEach((warning) => say(warning));
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR || '.data');
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const shopUrl = process.env.NEXT_PUBLIC_SITE_URL || `http://localhost:${options.port}`;
  const useRealStripe = Boolean(process.env.STRIPE_SECRET_KEY) && !process.env.STRIPE_API_BASE;
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_PUBLIC_SITE_URL: shopUrl, LOCAL_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  env.APP_PROFILE = decision.profile;
  delete env.APP_MODE;

  let emulator: RunningStripeEmulator | undefined;
  if (useRealStripe) {
    say('Stripe:       real Stripe (STRIPE_SECRET_KEY is set). Forward webhooks with:');
    say(`              stripe listen --forward-to ${shopUrl}/api/webhooks/stripe`);
  } else {
    say('Starting Local Stripe…');
    const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET || readOrCreateLocalWebhookSecret(dataDir);
    const port = numberFromEnv('STRIPE_EMULATOR_PORT', Number(new URL(DEFAULT_LOCAL_STRIPE_API_BASE).port));
    emulator = await startStripeEmulator({
      port,
      host,
      dataDir: path.join(dataDir, 'stripe'),
      siteUrl: shopUrl,
      webhookEndpoint: { url: `http://${reachableHost}:${options.port}/api/webhooks/stripe`, secret: webhookSecret },
      retryScale: numberFromEnv('STRIPE_WEBHOOK_RETRY_SCALE', 1),
    });
    env.STRIPE_API_BASE = emulator.url;
    env.STRIPE_WEBHOOK_SECRET = webhookSecret;
    say(`Local Stripe: ${emulator.url.replace('127.0.0.1', 'localhost')}  (test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 declines)`);
  }

  let cognito: RunningCognitoLocal | undefined;
  let codeMailbox: LocalMailbox | undefined;
  if (decision.profile !== 'local') {
    say(`Auth:         the ${decision.profile} user pool from ${decision.outputsFile}`);
  } else if (process.env.COGNITO_USER_POOL_ID) {
    say(`Auth:         user pool ${process.env.COGNITO_USER_POOL_ID} at ${process.env.COGNITO_ENDPOINT ?? 'the default cognito-local endpoint'}`);
  } else {
    say('Starting local auth (cognito-local)…');
    const mailbox = LocalMailbox.open(path.join(dataDir, 'mailbox.sqlite'));
    codeMailbox = mailbox;
    cognito = await startCognitoLocal({
      dataDir,
      port: numberFromEnv('COGNITO_LOCAL_PORT', 9229),
      // cognito-local only prints sign-up codes: put them where the shop's other emails are.
      onCodeDelivery: (delivery) => void mailbox.send(verificationCodeEmail({ to: delivery.destination, username: delivery.username, code: delivery.code })),
    });
    env.COGNITO_USER_POOL_ID = cognito.userPoolId;
    env.COGNITO_CLIENT_ID = cognito.clientId;
    env.COGNITO_ENDPOINT = cognito.endpoint;
    say(`Local auth:   ${cognito.endpoint.replace('127.0.0.1', 'localhost')}  (cognito-local, user pool ${cognito.userPoolId})`);
  }

  say(options.nextCommand === 'dev' ? 'Starting the shop (next dev)…' : 'Starting the shop (next start)…');
  const next = spawn(process.execPath, [require.resolve('next/dist/bin/next'), options.nextCommand, '--port', String(options.port), '--hostname', host], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  next.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefixLines('next', chunk)));
  next.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefixLines('next', chunk)));

  try {
    await waitForHttp(`http://${reachableHost}:${options.port}/api/health`, next);
  } catch (error) {
    // Leave nothing running behind a failed start.
    await stopChild(next);
    await emulator?.close();
    await cognito?.stop();
    await codeMailbox?.close();
    throw error;
  }
  say(`Shop:         ${shopUrl}`);
  if (cognito) say(`Mailbox:      ${shopUrl}/dev/mailbox  (invitations and order emails land here)`);
  say('Ready. Press Ctrl-C to stop.');

  return {
    shopUrl,
    async stop() {
      await stopChild(next);
      await emulator?.close();
      await cognito?.stop();
      await codeMailbox?.close();
    },
  };
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

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next exited with code ${child.exitCode} before it was ready`);
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

/** Runs until Ctrl-C (or SIGTERM), then stops everything cleanly. */
export function stopOnSignals(stack: LocalStack): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal} received, stopping…`);
    stack.stop().then(
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
