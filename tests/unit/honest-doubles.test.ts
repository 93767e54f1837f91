import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { seededFaults, withInjectedFailures } from '../support/faulty-store';
import { MemoryAccounts } from '../support/memory-accounts';

const message = { key: 'order-received:cs_test_1', to: 'ada@example.com', subject: 'Hi', text: 'Body' };

describe('the local mailbox keeps every send, like SES', () => {
  it('shows a message sent twice twice, newest first', async () => {
    const mailbox = LocalMailbox.open(':memory:');
    await mailbox.send(message);
    await mailbox.send({ ...message, text: 'Second copy' });
    await mailbox.send({ ...message, key: 'other', text: 'Other' });
    expect((await mailbox.list()).map((mail) => [mail.key, mail.text])).toEqual([
      ['other', 'Other'],
      [message.key, 'Second copy'],
      [message.key, 'Body'],
    ]);
    expect(await mailbox.has(message.key)).toBe(true);
    expect(await mailbox.has('never-sent')).toBe(false);
    expect(await mailbox.list(1)).toHaveLength(1);
  });

  it('carries over an outbox written by the keyed version', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mailbox-')), 'mailbox.sqlite');
    const legacy = new Database(file);
    legacy.exec('CREATE TABLE mail (key TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT NOT NULL)');
    legacy.prepare('INSERT INTO mail VALUES (?, ?, ?, ?, ?)').run('invitation:u1', 'ada@example.com', 'Welcome', 'Password', '2030-01-01T00:00:00.000Z');
    legacy.close();
    const mailbox = LocalMailbox.open(file);
    await mailbox.send(message);
    expect((await mailbox.list()).map((mail) => mail.key)).toEqual([message.key, 'invitation:u1']);
    await mailbox.close();
    const reopened = LocalMailbox.open(file);
    expect(await reopened.list()).toHaveLength(2);
    await reopened.close();
  });
});

describe('the in-memory accounts double', () => {
  it('raises UsernameExists under concurrent provisioning and still ends with one user', async () => {
    const accounts = new MemoryAccounts();
    const results = await Promise.all(Array.from({ length: 10 }, () => accounts.provision({ email: 'Grace@Example.com', name: 'Grace' })));
    expect(accounts.pool.usernameExists).toBeGreaterThan(0);
    expect(accounts.pool.usersWithEmail('grace@example.com')).toHaveLength(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.account.sub)).size).toBe(1);
  });
});

describe('fault injection', () => {
  it("fails 'after' a commit: the write landed, the caller saw an error", async () => {
    const store = SqliteOrderStore.open(':memory:');
    const faulty = withInjectedFailures(store, (method) => (method === 'setCursor' ? 'after' : false));
    await expect(faulty.setCursor('reconcile', 42)).rejects.toThrow('injected failure after setCursor');
    expect(await store.getCursor('reconcile')).toBe(42);
  });

  it("fails 'before': nothing is written", async () => {
    const store = SqliteOrderStore.open(':memory:');
    const faulty = withInjectedFailures(store, (method) => method === 'setCursor' && 'before');
    await expect(faulty.setCursor('reconcile', 42)).rejects.toThrow('injected failure in setCursor');
    expect(await store.getCursor('reconcile')).toBeNull();
  });

  it('decides per stream, so interleaving other deliveries does not change one delivery’s faults', () => {
    const alone = seededFaults(7, 0.5);
    const mixed = seededFaults(7, 0.5);
    const aloneRun = Array.from({ length: 20 }, () => alone.chance('evt_a'));
    const mixedRun = Array.from({ length: 20 }, (_, index) => {
      mixed.chance(`evt_other_${index}`);
      return mixed.chance('evt_a');
    });
    expect(mixedRun).toEqual(aloneRun);
    expect(aloneRun).toContain(true);
    expect(aloneRun).toContain(false);
    const otherSeed = seededFaults(8, 0.5);
    expect(Array.from({ length: 20 }, () => otherSeed.chance('evt_a'))).not.toEqual(aloneRun);
  });
});
