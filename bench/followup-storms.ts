/**
 * Issue 13's storms: many paid events for new buyers (each needs a Cognito account and an invitation), and
 * the same with cognito-local stopped for a while in the middle. Webhook figures come from the load run;
 * queue figures from the shop's own SQLite files, the user pool and the outbox after the queue drained.
 */
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import Database from 'better-sqlite3';
import path from 'node:path';
import type Stripe from 'stripe';
import { cognitoLocalClient } from '../emulators/cognito/start-cognito-local';
import { runLoad, type LoadResult } from './load';
import { deliveryStream, inOrder, signDeliveries, type Delivery } from './webhook-deliveries';

const BENCH_EMAIL = '"email":"bench@example.com"';

export interface StormFigures {
  buyers: number;
  webhook: LoadResult;
  /** From the first delivery until no follow-up was pending (s). */
  drainSeconds: number;
  ordersPaid: number;
  /** Users in the pool with one of the storm's emails, and how many distinct emails they cover. */
  users: number;
  distinctUserEmails: number;
  invitations: number;
  distinctInvited: number;
  jobsDone: number;
  jobsParked: number;
  /** Attempts beyond the first, over all the storm's jobs. */
  retries: number;
}

export interface StormOptions {
  url: string;
  stripe: Stripe;
  secret: string;
  dataDir: string;
  cognitoEndpoint: () => string;
  userPoolId: string;
  sessions: Stripe.Checkout.Session[];
  tag: string;
  connections: number;
  ratePerSecond?: number;
  /** Runs while the deliveries are being sent (e.g. stop Cognito for a while); awaited before draining. */
  during?: () => Promise<void>;
  say: (line: string) => void;
}

/** Every delivery for a different new buyer. */
export function newBuyerStream(sessions: Stripe.Checkout.Session[], tag: string): { stream: Delivery[]; emails: string[] } {
  const emails = sessions.map((_, index) => `storm-${tag}-${index}@example.com`);
  const stream = deliveryStream(sessions, 0, tag).map((delivery, index) => {
    if (!delivery.body.includes(BENCH_EMAIL)) throw new Error('unexpected event body');
    return { ...delivery, body: delivery.body.replace(BENCH_EMAIL, `"email":"${emails[index]}"`) };
  });
  return { stream, emails };
}

function queueCounts(dataDir: string, keys: string[]): { pending: number; done: number; parked: number; retries: number } {
  const db = new Database(path.join(dataDir, 'orders.sqlite'), { readonly: true });
  try {
    const read = db.prepare('SELECT status, attempts FROM follow_ups WHERE key = ?');
    const counts = { pending: 0, done: 0, parked: 0, retries: 0 };
    for (const key of keys) {
      const row = read.get(key) as { status: string; attempts: number } | undefined;
      if (!row || row.status === 'pending') counts.pending++;
      else if (row.status === 'done') counts.done++;
      else counts.parked++;
      if (row) counts.retries += Math.max(0, row.attempts - 1);
    }
    return counts;
  } finally {
    db.close();
  }
}

function paidOrders(dataDir: string, sessionIds: string[]): number {
  const db = new Database(path.join(dataDir, 'orders.sqlite'), { readonly: true });
  try {
    const read = db.prepare(`SELECT COUNT(*) AS n FROM orders WHERE id = ? AND status = 'paid'`);
    return sessionIds.reduce((sum, id) => sum + (read.get(id) as { n: number }).n, 0);
  } finally {
    db.close();
  }
}

function invitationsTo(dataDir: string, emails: Set<string>): { invitations: number; distinct: number } {
  const db = new Database(path.join(dataDir, 'mailbox.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT recipient FROM outbox WHERE key LIKE 'invitation:%'`).all() as { recipient: string }[];
    const ours = rows.filter((row) => emails.has(row.recipient));
    return { invitations: ours.length, distinct: new Set(ours.map((row) => row.recipient)).size };
  } finally {
    db.close();
  }
}

async function poolUsers(endpoint: string, userPoolId: string, emails: Set<string>): Promise<{ users: number; distinct: number }> {
  const client = cognitoLocalClient(endpoint);
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60, PaginationToken: token }));
    for (const user of page.Users ?? []) {
      const email = user.Attributes?.find((attribute) => attribute.Name === 'email')?.Value;
      if (email && emails.has(email)) found.push(email);
    }
    token = page.PaginationToken;
  } while (token);
  return { users: found.length, distinct: new Set(found).size };
}

/** Sends the storm, waits until its follow-ups are no longer pending, and counts what happened. */
export async function runStorm(options: StormOptions): Promise<StormFigures> {
  const { stream, emails } = newBuyerStream(options.sessions, options.tag);
  const keys = options.sessions.map((session) => `order-paid:${session.id}`);
  const started = Date.now();
  const load = runLoad({
    url: options.url,
    connections: options.connections,
    amount: stream.length,
    method: 'POST',
    ...(options.ratePerSecond ? { ratePerSecond: options.ratePerSecond } : {}),
    nextRequest: inOrder(signDeliveries(options.stripe, stream, options.secret)),
  });
  const [webhook] = await Promise.all([load, options.during?.()]);
  options.say(`      webhook done (${webhook.requestsPerSecond.toFixed(0)} req/s, ${webhook.errors} errors); draining the follow-up queue…`);
  const cap = Date.now() + 15 * 60_000;
  let counts = queueCounts(options.dataDir, keys);
  while (counts.pending > 0) {
    if (Date.now() > cap) throw new Error(`${counts.pending} follow-ups still pending after 15 min`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    counts = queueCounts(options.dataDir, keys);
  }
  const drainSeconds = (Date.now() - started) / 1000;
  const emailSet = new Set(emails);
  const pool = await poolUsers(options.cognitoEndpoint(), options.userPoolId, emailSet);
  const mail = invitationsTo(options.dataDir, emailSet);
  return {
    buyers: emails.length,
    webhook,
    drainSeconds,
    ordersPaid: paidOrders(options.dataDir, options.sessions.map((session) => session.id)),
    users: pool.users,
    distinctUserEmails: pool.distinct,
    invitations: mail.invitations,
    distinctInvited: mail.distinct,
    jobsDone: counts.done,
    jobsParked: counts.parked,
    retries: counts.retries,
  };
}
