import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { MailMessage, Mailer, SendOutcome } from './mailer';

export interface StoredMail extends MailMessage {
  sentAt: string;
}

/**
 * Where customer email goes when there is no email service: a SQLite outbox a developer reads
 * at /dev/mailbox. Keyed by message key, so a retried step never sends a second copy.
 */
export class LocalMailbox implements Mailer {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): LocalMailbox {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(`CREATE TABLE IF NOT EXISTS mail (
      key TEXT PRIMARY KEY, recipient TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, sent_at TEXT NOT NULL)`);
    return new LocalMailbox(db);
  }

  async send(message: MailMessage): Promise<SendOutcome> {
    const result = this.db
      .prepare('INSERT INTO mail (key, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING')
      .run(message.key, message.to, message.subject, message.text, new Date().toISOString());
    return result.changes === 1 ? 'sent' : 'duplicate';
  }

  async has(key: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM mail WHERE key = ?').get(key) !== undefined;
  }

  /** Newest first. */
  async list(limit = 100): Promise<StoredMail[]> {
    const rows = this.db.prepare('SELECT * FROM mail ORDER BY sent_at DESC, rowid DESC LIMIT ?').all(limit) as {
      key: string;
      recipient: string;
      subject: string;
      body: string;
      sent_at: string;
    }[];
    return rows.map((row) => ({ key: row.key, to: row.recipient, subject: row.subject, text: row.body, sentAt: row.sent_at }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
