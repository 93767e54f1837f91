import type Database from 'better-sqlite3';
import { systemClock, type Clock } from '../../domain/clock';
import { openSqlite } from '../sqlite/open-sqlite';
import type { MailMessage, Mailer, SendOutcome } from '../../domain/mail/mailer';

export interface StoredMail extends MailMessage {
  sentAt: string;
}

/**
 * Where customer email goes when there is no email service: a SQLite outbox a developer reads
 * at /dev/mailbox. Like SES, it keeps every send — a message sent twice shows twice — so "no double
 * emails" must be (and is) guaranteed by the senders, and tests can see when it is not.
 */
export class LocalMailbox implements Mailer {
  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  /** `clock` stamps `sentAt` (the app passes its one Clock; tests a ManualClock). */
  static open(file: string, clock: Clock = systemClock): LocalMailbox {
    return new LocalMailbox(openSqlite(file, { table: 'mailbox_schema_migrations', steps: [oneRowPerSend], now: () => clock.now() }), clock);
  }

  async send(message: MailMessage): Promise<SendOutcome> {
    this.db
      .prepare('INSERT INTO outbox (key, recipient, subject, body, sent_at) VALUES (?, ?, ?, ?, ?)')
      .run(message.key, message.to, message.subject, message.text, this.clock.now().toISOString());
    return 'sent';
  }

  async has(key: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM outbox WHERE key = ?').get(key) !== undefined;
  }

  /** Newest first; a message sent twice is listed twice. */
  async list(limit = 100): Promise<StoredMail[]> {
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY id DESC LIMIT ?').all(limit) as {
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

/**
 * One row per send. Outboxes written before this kept one row per key (table `mail`): carried over once.
 * Outboxes written before versions were recorded may already have the table, hence IF NOT EXISTS.
 */
function oneRowPerSend(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, recipient TEXT NOT NULL, subject TEXT NOT NULL,
    body TEXT NOT NULL, sent_at TEXT NOT NULL)`);
  db.exec('CREATE INDEX IF NOT EXISTS outbox_key ON outbox (key)');
  const legacy = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mail'").get();
  if (legacy) {
    db.exec('INSERT INTO outbox (key, recipient, subject, body, sent_at) SELECT key, recipient, subject, body, sent_at FROM mail ORDER BY sent_at, rowid');
    db.exec('DROP TABLE mail');
  }
}
