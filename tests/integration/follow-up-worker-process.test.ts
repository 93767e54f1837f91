import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { applyFact } from '@/lib/domain/orders/order-state';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import { receiptKey } from '@/lib/services/mail/templates';
import { completedPaid, sessionSnapshot } from '../support/order-facts';

/**
 * The local follow-up worker in its own process (scripts/follow-up-worker.ts), as the launcher starts it beside
 * the shop: jobs committed by another process (here the test, standing in for the server's webhook) are run there.
 */
const repoRoot = path.resolve(__dirname, '../..');
let dataDir: string | undefined;
let worker: ChildProcess | undefined;
let store: SqliteOrderStore | undefined;

afterEach(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker?.once('exit', resolve));
  }
  await store?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  worker = store = dataDir = undefined;
});

function startWorker(dir: string, extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/follow-up-worker.ts'], {
    cwd: repoRoot,
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_PROFILE: 'local',
      LOCAL_DATA_DIR: dir,
      NEXT_PUBLIC_SITE_URL: 'http://shop.test',
      // The receipt job needs no Stripe call; an address nothing listens on proves it.
      STRIPE_API_BASE: 'http://127.0.0.1:9',
      STRIPE_WEBHOOK_SECRET: 'whsec_worker_process',
      FOLLOW_UP_WORKER: 'sibling',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The webhook's commit, made by this process: the paid order and its receipt job in one transaction. */
async function paidOrder(orders: SqliteOrderStore, sessionId: string, email: string): Promise<void> {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId, customer: { email, name: 'Ada Lovelace' } }) };
  await orders.applyEvent(
    { id: `evt_${sessionId}`, type: 'checkout.session.completed', objectId: sessionId, apiVersion: '2026-10-28.endive', created: 100, receivedAt: '2030-01-01T00:00:00.000Z' },
    { orderId: sessionId, apply: (current) => applyFact(current, fact, { eventId: `evt_${sessionId}`, created: 100 }) },
    '2030-01-01T00:00:01.000Z',
    [orderReceiptJob(sessionId)],
  );
}

const settle = { timeout: 60_000, interval: 50 };

describe('the follow-up worker process (FOLLOW_UP_WORKER=sibling)', () => {
  it('runs the jobs another process commits, each once, and exits cleanly on SIGTERM', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-process-'));
    store = SqliteOrderStore.open(path.join(dataDir, 'orders.sqlite'));
    // One job waiting before the worker starts, one committed while it runs.
    await paidOrder(store, 'cs_test_before_start', 'before@example.com');
    const started = startWorker(dataDir);
    worker = started.child;
    await vi.waitFor(() => expect(started.output()).toMatch(/Follow-up worker ready \(pid \d+\)/), settle);
    await paidOrder(store, 'cs_test_while_running', 'running@example.com');

    const orders = store;
    await vi.waitFor(async () => {
      expect((await orders.getFollowUp(orderReceiptJob('cs_test_before_start').key))?.status).toBe('done');
      expect((await orders.getFollowUp(orderReceiptJob('cs_test_while_running').key))?.status).toBe('done');
    }, settle);

    const mailbox = LocalMailbox.open(path.join(dataDir, 'mailbox.sqlite'));
    try {
      const mails = await mailbox.list();
      expect(mails.filter((mail) => mail.key === receiptKey('cs_test_before_start')).map((mail) => mail.to)).toEqual(['before@example.com']);
      expect(mails.filter((mail) => mail.key === receiptKey('cs_test_while_running')).map((mail) => mail.to)).toEqual(['running@example.com']);
    } finally {
      await mailbox.close();
    }

    worker.kill('SIGTERM');
    expect(await exited(worker)).toEqual({ code: 0, signal: null });
  }, 90_000);

  it('refuses a configuration it cannot run, naming the variable, and exits 1', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-process-'));
    const started = startWorker(dataDir, { FOLLOW_UP_WORKER: 'elsewhere' });
    worker = started.child;
    expect(await exited(worker)).toEqual({ code: 1, signal: null });
    expect(started.output()).toContain('FOLLOW_UP_WORKER must be one of in-process, sibling');
    expect(started.output()).not.toContain('Follow-up worker ready');
  }, 60_000);
});
