import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheStatements } from '../../common/sqlite/statement-cache';

describe('cacheStatements', () => {
  let db: Database.Database | undefined;
  afterEach(() => db?.close());

  it('compiles each SQL text once and hands the same statement back', () => {
    db = cacheStatements(new Database(':memory:'));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    expect(db.prepare('INSERT INTO t (k, v) VALUES (?, ?)')).toBe(insert);
    expect(db.prepare('SELECT v FROM t WHERE k = ?')).not.toBe(insert);
  });

  it('gives the same answers as fresh statements, run after run, inside and outside transactions', () => {
    db = cacheStatements(new Database(':memory:'));
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
    const put = db.transaction((k: string, v: number) => db!.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(k, v));
    for (let index = 0; index < 5; index++) put(`k${index}`, index * 10);
    expect(db.prepare('SELECT v FROM t WHERE k = ?').get('k3')).toEqual({ v: 30 });
    expect(db.prepare('SELECT v FROM t WHERE k = ?').get('k4')).toEqual({ v: 40 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 5 });
  });

  it('still reads every column after a migration adds one', () => {
    db = cacheStatements(new Database(':memory:'));
    db.exec("CREATE TABLE t (k TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')");
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ k: 'a' });
    db.exec("ALTER TABLE t ADD COLUMN v INTEGER DEFAULT 7");
    expect(db.prepare('SELECT * FROM t').get()).toEqual({ k: 'a', v: 7 });
  });
});
