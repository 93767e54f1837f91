/**
 * `npm run dev -- --stripe-listen`: webhooks reach the shop through the official Stripe CLI
 * (`stripe listen --forward-to …`) against Local Stripe, exactly as they do from real Stripe.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Stripe from 'stripe';
import { stopChild } from '../../emulators/child-process';
import { ORDER_EVENT_TYPES } from '../../lib/domain/webhooks/stripe-shapes';

/** What the shop handles (lib/webhooks) and what refreshes its catalog; CLI 1.52 needs an explicit list. */
export const SHOP_WEBHOOK_EVENTS = [
  ...ORDER_EVENT_TYPES,
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
  // Recurring plans (lib/plans).
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
] as const;

/** The CLI binary from devDependencies (@stripe/cli ships one package per platform). */
export function stripeCliBinary(): string {
  const pkg = require.resolve(`@stripe/cli-${process.platform}-${process.arch}/package.json`);
  return path.join(path.dirname(pkg), 'bin', process.platform === 'win32' ? 'stripe.exe' : 'stripe');
}

export interface StripeCliTarget {
  /** http://127.0.0.1:PORT: the CLI refuses `localhost` and https API bases for local servers. */
  apiBase: string;
  apiKey: string;
  /** Extra environment for the CLI (tests isolate its config directory). */
  env?: Record<string, string>;
}

/** Arguments every CLI call against Local Stripe needs. */
export function targetArgs(target: StripeCliTarget): string[] {
  return ['--api-base', target.apiBase, '--api-key', target.apiKey];
}

export function cliEnv(target: StripeCliTarget): NodeJS.ProcessEnv {
  return { ...process.env, STRIPE_CLI_TELEMETRY_OPTOUT: '1', ...target.env };
}

/** `stripe listen --print-secret`: the signing secret every `stripe listen` session of the account uses. */
export function printSecret(target: StripeCliTarget): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(stripeCliBinary(), ['listen', '--print-secret', '--skip-update', ...targetArgs(target)], { env: cliEnv(target) }, (error, stdout, stderr) => {
      const secret = stdout.trim();
      if (error || !secret.startsWith('whsec_')) reject(new Error(`stripe listen --print-secret failed: ${stderr.trim() || error?.message}`));
      else resolve(secret);
    });
  });
}

export interface StripeListenOptions extends StripeCliTarget {
  forwardTo: string;
  events: readonly string[];
  /** Each line the CLI prints, without spinner noise. */
  onLine: (line: string) => void;
}

export interface RunningStripeListen {
  secret: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `stripe listen --forward-to …` and resolves once it prints Ready. */
export async function startStripeListen(options: StripeListenOptions): Promise<RunningStripeListen> {
  const secret = await printSecret(options);
  const child = spawn(
    stripeCliBinary(),
    ['listen', '--skip-update', '--forward-to', options.forwardTo, '--events', options.events.join(','), ...targetArgs(options)],
    { env: cliEnv(options), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (raw: string): void => {
      // The CLI's spinner pads and rewrites lines with carriage returns.
      const line = raw.split('\r').pop()?.trim() ?? '';
      if (!line) return;
      options.onLine(line);
      if (line.includes('Ready!')) resolve();
    };
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`stripe listen exited (code ${code}) before it was ready`)));
    child.once('error', reject);
  });
  try {
    await ready;
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { secret, process: child, stop: () => stopChild(child) };
}

export interface StripeListenPlan {
  /** The secret the shop must verify with, known before the shop starts. */
  secret: string;
  /** Starts the CLI once the shop is up (its first webhook request is made first, so `next dev` compiles it). */
  start(): Promise<RunningStripeListen>;
}

/**
 * For `npm run dev -- --stripe-listen`: direct delivery off, the CLI's secret read now, and the CLI
 * itself started once the shop answers, so no forward is spent waiting for the shop to start.
 */
export async function prepareStripeListen(options: StripeListenOptions): Promise<StripeListenPlan> {
  await disableDirectDelivery(options, options.forwardTo);
  const secret = await printSecret(options);
  return {
    secret,
    start: async () => {
      // A GET compiles the route under `next dev` (the CLI gives each forward 30 s); it answers 405.
      await fetch(options.forwardTo).catch(() => undefined);
      return startStripeListen(options);
    },
  };
}

/**
 * Switches off Local Stripe's direct delivery to the shop (the endpoint it configures at start), so
 * each event arrives once, through the CLI.
 */
export async function disableDirectDelivery(target: StripeCliTarget, shopWebhookUrl: string): Promise<void> {
  const base = new URL(target.apiBase);
  const stripe = new Stripe(target.apiKey, { host: base.hostname, port: Number(base.port), protocol: 'http' });
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.url === shopWebhookUrl && endpoint.status === 'enabled') await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
  }
}

/** `--stripe-listen` / `--no-stripe-listen` on the command line; undefined leaves the profile's default (twin: on). */
export function stripeListenChoice(argv: readonly string[]): boolean | undefined {
  if (argv.includes('--no-stripe-listen')) return false;
  return argv.includes('--stripe-listen') ? true : undefined;
}
