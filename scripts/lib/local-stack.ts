import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Supervisor, describeExit, spawnGroup, waitForOutput } from '../../emulators/child-process';
import { startCognitoLocal } from '../../emulators/cognito/start-cognito-local';
import { LOCAL_STRIPE_SECRET_KEY } from '../../lib/config/env';
import { readOrCreateLocalWebhookSecret } from '../../lib/config/local-secrets';
import { LocalMailbox } from '../../lib/adapters/local/local-mailbox';
import { verificationCodeEmail } from '../../lib/services/mail/templates';
import { assertPortFree } from './busy-port';
import { throwIfMisconfigured } from './health-report';
import { launchSettings } from './launch-settings';
import { explainNextLine } from './next-output';
import { SHOP_WEBHOOK_EVENTS, prepareStripeListen, type StripeListenPlan } from './stripe-listen';

export interface LocalStackOptions {
  /** 'dev' runs `next dev`; 'start' serves the production build. */
  nextCommand: 'dev' | 'start';
  port: number;
  fresh: boolean;
  /** Deliver webhooks through the official `stripe listen` instead of Local Stripe's direct delivery. */
  stripeListen?: boolean;
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
interface LocalStripeSettings {
  dataDir: string;
  port: number;
  host: string;
  /** Where Local Stripe delivers the shop's webhooks. */
  webhookUrl: string;
  retryScale: number;
}

async function startLocalStripe(settings: LocalStripeSettings, env: NodeJS.ProcessEnv, supervisor: Supervisor): Promise<{ url: string; secret: string }> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET || readOrCreateLocalWebhookSecret(settings.dataDir);
  const child = startChild('stripe', ['--import', 'tsx', path.join(__dirname, '../../emulators/stripe/cli.ts')], {
    ...env,
    STRIPE_EMULATOR_PORT: String(settings.port),
    STRIPE_EMULATOR_HOST: settings.host,
    STRIPE_EMULATOR_DATA_DIR: path.join(settings.dataDir, 'stripe'),
    STRIPE_WEBHOOK_URL: settings.webhookUrl,
    STRIPE_WEBHOOK_SECRET: secret,
    STRIPE_WEBHOOK_RETRY_SCALE: String(settings.retryScale),
  });
  supervisor.add('Local Stripe', child);
  const url = `http://127.0.0.1:${settings.port}`;
  await waitForHttp(`${url}/_emulator/health`, 'Local Stripe', child, 60_000);
  return { url, secret };
}

/**
 * Starts what the shop needs on a machine with no accounts: Local Stripe (unless real Stripe keys
 * are configured), cognito-local and Next itself, wired together through environment variables only.
 * If any of them dies, everything is stopped (ports freed) and the launcher exits saying which and why.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // One profile decision, made before anything starts and handed to the server as APP_PROFILE.
  const { decision, host, reachableHost, launch, warnings } = launchSettings(process.env, options.nextCommand);
  say(`Profile:      ${decision.profile} (${decision.reason})`);
  warnings.forEach((warning) => say(warning));
  const useRealStripe = Boolean(process.env.STRIPE_SECRET_KEY) && !process.env.STRIPE_API_BASE;
  const useCognitoLocal = decision.profile === 'local' && !process.env.COGNITO_USER_POOL_ID;
  // Every port checked before anything starts: a busy one is one line, not a child's stack trace.
  await assertPortFree(options.port, host, 'the shop', 'PORT');
  if (!useRealStripe) await assertPortFree(launch.STRIPE_EMULATOR_PORT, host, 'Local Stripe', 'STRIPE_EMULATOR_PORT');
  if (useCognitoLocal) await assertPortFree(launch.COGNITO_LOCAL_PORT, '127.0.0.1', 'cognito-local', 'COGNITO_LOCAL_PORT');
  const dataDir = path.resolve(process.env.LOCAL_DATA_DIR || '.data');
  if (options.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });

  const shopUrl = process.env.NEXT_PUBLIC_SITE_URL || `http://localhost:${options.port}`;
  const shopWebhookUrl = `http://${reachableHost}:${options.port}/api/webhooks/stripe`;
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_PUBLIC_SITE_URL: shopUrl, LOCAL_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };
  env.APP_PROFILE = decision.profile;
  delete env.APP_MODE;
  let listenPlan: StripeListenPlan | undefined;

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
  if (decision.devSurfaces) say(`Mailbox:      ${shopUrl}/dev/mailbox  (invitations and order emails land here)`);
  say('Ready. Press Ctrl-C to stop.');
  return { shopUrl, stop };

  async function startChildren(): Promise<void> {
    if (useRealStripe) {
      say('Stripe:       real Stripe (STRIPE_SECRET_KEY is set). Forward webhooks with:');
      say(`              stripe listen --forward-to ${shopUrl}/api/webhooks/stripe`);
    } else {
      say('Starting Local Stripe…');
      const stripe = await startLocalStripe(
        { dataDir, port: launch.STRIPE_EMULATOR_PORT, host, webhookUrl: shopWebhookUrl, retryScale: launch.STRIPE_WEBHOOK_RETRY_SCALE },
        env,
        supervisor,
      );
      env.STRIPE_API_BASE = stripe.url;
      env.STRIPE_WEBHOOK_SECRET = stripe.secret;
      if (options.stripeListen) {
        // stripe-listen.ts: the CLI forwards instead of Local Stripe; the shop verifies with the CLI's secret.
        listenPlan = await prepareStripeListen({
          apiBase: stripe.url,
          apiKey: LOCAL_STRIPE_SECRET_KEY,
          forwardTo: shopWebhookUrl,
          events: SHOP_WEBHOOK_EVENTS,
          onLine: (line) => say(`[stripe] ${line}`),
        });
        env.STRIPE_WEBHOOK_SECRET = listenPlan.secret;
      }
      say(`Local Stripe: ${stripe.url.replace('127.0.0.1', 'localhost')}  (test cards: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 declines)`);
    }

    if (decision.profile !== 'local') {
      say(`Auth:         the ${decision.profile} user pool from ${decision.outputsFile}`);
    } else if (!useCognitoLocal) {
      say(`Auth:         user pool ${process.env.COGNITO_USER_POOL_ID} at ${process.env.COGNITO_ENDPOINT ?? 'the default cognito-local endpoint'}`);
    } else {
      say('Starting local auth (cognito-local)…');
      const mailbox = LocalMailbox.open(path.join(dataDir, 'mailbox.sqlite'));
      codeMailbox = mailbox;
      const cognito = await startCognitoLocal({
        dataDir,
        port: launch.COGNITO_LOCAL_PORT,
        // cognito-local only prints sign-up codes: put them where the shop's other emails are.
        onCodeDelivery: (delivery) => void mailbox.send(verificationCodeEmail({ to: delivery.destination, username: delivery.username, code: delivery.code })),
      });
      supervisor.add('cognito-local', cognito.child);
      env.COGNITO_USER_POOL_ID = cognito.userPoolId;
      env.COGNITO_CLIENT_ID = cognito.clientId;
      env.COGNITO_ENDPOINT = cognito.endpoint;
      say(`Local auth:   ${cognito.endpoint.replace('127.0.0.1', 'localhost')}  (cognito-local, user pool ${cognito.userPoolId})`);
    }

    // Locally, follow-ups (invitations, emails) run in a process of their own, off the webhook's CPU, unless
    // FOLLOW_UP_WORKER=in-process asks for the server's own worker.
    const siblingWorker = decision.profile === 'local' && (process.env.FOLLOW_UP_WORKER ?? 'sibling') === 'sibling';
    if (siblingWorker) env.FOLLOW_UP_WORKER = 'sibling';

    say(options.nextCommand === 'dev' ? 'Starting the shop (next dev)…' : 'Starting the shop (next start)…');
    const next = startChild('next', [require.resolve('next/dist/bin/next'), options.nextCommand, '--port', String(options.port), '--hostname', host], env);
    supervisor.add('next', next);
    await waitForHttp(`http://${reachableHost}:${options.port}/api/health`, 'next', next);
    if (siblingWorker) {
      say('Starting the follow-up worker…');
      const worker = startChild('worker', ['--conditions=react-server', '--import', 'tsx', path.join(__dirname, '../follow-up-worker.ts')], env);
      supervisor.add('follow-up worker', worker);
      await waitForOutput(worker, /^Follow-up worker ready/m, 'follow-up worker');
      say(`Follow-ups:   worker process ${worker.pid ?? ''} (invitations and emails after payment)`);
    }
    if (listenPlan) supervisor.add('stripe listen', (await listenPlan.start()).process);
  }
}

function prefixLines(tag: string, chunk: Buffer): string {
  return chunk
    .toString()
    .split('\n')
    .map((line, index, all) => (index === all.length - 1 && line === '' ? '' : `[${tag}] ${explainNextLine(line)}\n`))
    .join('');
}

async function waitForHttp(url: string, name: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${describeExit({ name, code: child.exitCode, signal: child.signalCode })} before it was ready`);
    }
    let response: Response | undefined;
    try {
      response = await fetch(url);
    } catch {
      // Not listening yet.
    }
    if (response?.ok) return;
    // A configuration the server refuses will not fix itself: stop now and say which variable.
    if (response) await throwIfMisconfigured(response);
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
