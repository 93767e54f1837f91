/** Runs the real Stripe CLI against Local Stripe, and a receiver that verifies what it forwards. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { RunningStripeEmulator } from '@/emulators/stripe';
import { stopChild } from '@/emulators/child-process';
import { cliEnv, stripeCliBinary, targetArgs, type StripeCliTarget } from '@/scripts/lib/stripe-listen';
import { API_KEY, tempDir } from './helpers';

/** Waits for a condition; the cap is only a safety net for a broken run, never a measurement. */
export async function until(what: string, condition: () => boolean | Promise<boolean>, capMs = 60_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The CLI pointed at an emulator, with its own config directory so nothing leaks between runs. */
export function cliTarget(emulator: RunningStripeEmulator, configDir = tempDir()): StripeCliTarget {
  return { apiBase: emulator.url, apiKey: API_KEY, env: { XDG_CONFIG_HOME: configDir } };
}

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function runCli(target: StripeCliTarget, args: string[]): CliProcess {
  const child = spawn(stripeCliBinary(), [...args, ...targetArgs(target)], {
    env: cliEnv(target),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    output: () => output,
    waitForOutput: async (pattern) => {
      await until(`CLI output ${pattern}\n${output}`, () => pattern.test(output) || ended);
      const match = output.match(pattern);
      if (!match) throw new Error(`CLI exited without printing ${pattern}:\n${output}`);
      return match;
    },
    exited,
    stop: () => stopChild(child),
  };
}

/** `stripe listen --forward-to URL --events …`, resolved once it prints Ready. */
export async function startListen(target: StripeCliTarget, forwardTo: string, events: string[]): Promise<CliProcess> {
  const cli = runCli(target, ['listen', '--skip-update', '--forward-to', forwardTo, '--events', events.join(',')]);
  await cli.waitForOutput(/Ready!/);
  return cli;
}

export interface VerifyingReceiver {
  url: string;
  /** Deliveries per event id (verified ones only). */
  deliveries: Map<string, number>;
  /** Events applied once each, in arrival order: the receiver dedupes by id as the shop does. */
  applied: Stripe.Event[];
  rejected: number;
  close(): Promise<void>;
}

/** A webhook endpoint that verifies each request with stripe.webhooks.constructEvent. */
export async function startVerifyingReceiver(secret: () => string): Promise<VerifyingReceiver> {
  const stripe = new Stripe(API_KEY);
  const receiver: Omit<VerifyingReceiver, 'url' | 'close'> = { deliveries: new Map(), applied: [], rejected: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(Buffer.concat(chunks).toString('utf8'), String(req.headers['stripe-signature'] ?? ''), secret());
      } catch {
        receiver.rejected++;
        res.writeHead(400).end('bad signature');
        return;
      }
      const seen = receiver.deliveries.get(event.id) ?? 0;
      receiver.deliveries.set(event.id, seen + 1);
      if (seen === 0) receiver.applied.push(event);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
