/** One email to one customer. */
export interface MailMessage {
  /** Deterministic per purpose (e.g. "order-received:cs_…"): sending the same key twice sends once. */
  key: string;
  to: string;
  subject: string;
  text: string;
}

export type SendOutcome = 'sent' | 'duplicate';

/** The mailer port: a local outbox (read at /dev/mailbox) on a laptop, SES in the cloud. */
export interface Mailer {
  send(message: MailMessage): Promise<SendOutcome>;
}
