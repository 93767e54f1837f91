import type Database from 'better-sqlite3';

/**
 * Makes `db.prepare` return one compiled statement per SQL text. The stores prepare their statements where
 * they use them (readable), and compiling SQL on every call was the largest single cost of the webhook's hot
 * path (bench/report-notes.md). A cached statement is safe to reuse because the stores only run
 * `get`/`all`/`run` on it and never change its mode (`pluck`, `raw`, `expand`) or hold an `iterate()` open.
 */
export function cacheStatements(db: Database.Database): Database.Database {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let statement = statements.get(source);
    if (!statement) {
      statement = compile(source);
      statements.set(source, statement);
    }
    return statement;
  };
  db.prepare = prepare as Database.Database['prepare'];
  return db;
}
