/** One email to one customer. */
export interface MailMessage {
  /** Deterministic per purpose (e.g. "order-received:cs_…"). Mailers do not deduplicate: senders send each key once. */
  key: string;
  to: string;
  subject: string;
  text: string;
}

export type SendOutcome = 'sent';

/** The mailer port: a local outbox (read at /dev/mailbox) on a laptop, SES in the cloud. */
export interface Mailer {
  send(message: MailMessage): Promise<SendOutcome>;
}
