import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteCapacityStore } from '@/lib/adapters/sqlite/sqlite-capacity-store';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { openSqlite, type Migration } from '@/lib/adapters/sqlite/open-sqlite';

const dirs: string[] = [];
function fileIn(...parts: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'open-sqlite-'));
  dirs.push(dir);
  return path.join(dir, ...parts);
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('openSqlite', () => {
  it('creates the folder, turns on WAL and applies each step once, recording its version', () => {
    const file = fileIn('nested', 'data', 'things.sqlite');
    const steps: Migration[] = ['CREATE TABLE things (id TEXT PRIMARY KEY)'];
    const first = openSqlite(file, { table: 'thing_migrations', steps, now: () => new Date('2030-01-01T00:00:00Z') });
    expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
    first.prepare("INSERT INTO things (id) VALUES ('a')").run();
    first.close();

    // Reopened with one more step: only the new one runs (the first would fail: the table exists).
    const ran: number[] = [];
    const second = openSqlite(file, { table: 'thing_migrations', steps: [...steps, (db) => (ran.push(2), db.exec('ALTER TABLE things ADD COLUMN name TEXT'))] });
    expect(ran).toEqual([2]);
    expect(second.prepare('SELECT version, applied_at FROM thing_migrations ORDER BY version').all()).toEqual([
      { version: 1, applied_at: '2030-01-01T00:00:00.000Z' },
      { version: 2, applied_at: expect.any(String) },
    ]);
    expect(second.prepare('SELECT id, name FROM things').all()).toEqual([{ id: 'a', name: null }]);
    second.close();
  });

  it('rolls a failed step back and records nothing for it', () => {
    const file = fileIn('broken.sqlite');
    expect(() => openSqlite(file, { table: 'm', steps: ['CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER)'] })).toThrow(/already exists/);
    const db = new Database(file);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM m').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a migrations table name that is not a plain identifier', () => {
    expect(() => openSqlite(':memory:', { table: 'x; DROP TABLE y', steps: [] })).toThrow(/Not a migrations table name/);
  });

  it('opens the files the capacity store and the mailbox wrote before they recorded versions, keeping their rows', async () => {
    const capacityFile = fileIn('capacity.sqlite');
    const old = new Database(capacityFile);
    old.exec(`CREATE TABLE capacity_days (date TEXT PRIMARY KEY, used INTEGER NOT NULL CHECK (used >= 0));
      CREATE TABLE capacity_holds (hold_id TEXT PRIMARY KEY, date TEXT NOT NULL, servings INTEGER NOT NULL CHECK (servings > 0),
        state TEXT NOT NULL CHECK (state IN ('held', 'released', 'confirmed', 'overbooked')));
      INSERT INTO capacity_days (date, used) VALUES ('2030-01-10', 30);
      INSERT INTO capacity_holds (hold_id, date, servings, state) VALUES ('h1', '2030-01-10', 30, 'held');`);
    old.close();
    const capacity = SqliteCapacityStore.open(capacityFile);
    expect(await capacity.getHold('h1')).toMatchObject({ holdId: 'h1', date: '2030-01-10', servings: 30, state: 'held' });

    const mailFile = fileIn('mailbox.sqlite');
    const legacy = new Database(mailFile);
    legacy.exec(`CREATE TABLE mail (key TEXT PRIMARY KEY, recipient TEXT, subject TEXT, body TEXT, sent_at TEXT);
      INSERT INTO mail VALUES ('receipt:1', 'ada@example.com', 'Receipt', 'Thanks', '2030-01-01T00:00:00.000Z');`);
    legacy.close();
    const mailbox = LocalMailbox.open(mailFile);
    expect(await mailbox.list()).toEqual([{ key: 'receipt:1', to: 'ada@example.com', subject: 'Receipt', text: 'Thanks', sentAt: '2030-01-01T00:00:00.000Z' }]);
    await mailbox.close();
  });
});
