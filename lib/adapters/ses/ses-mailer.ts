import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { MailMessage, Mailer, SendOutcome } from '../../domain/mail/mailer';

/**
 * Sends customer email with Amazon SES in the cloud. SES cannot deduplicate by key, so callers
 * record "sent" in their job progress right after a send (at-least-once, with a tiny window).
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly fromAddress: string,
  ) {}

  async send(message: MailMessage): Promise<SendOutcome> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.fromAddress,
        Destination: { ToAddresses: [message.to] },
        Content: { Simple: { Subject: { Data: message.subject }, Body: { Text: { Data: message.text } } } },
      }),
    );
    return 'sent';
  }
}
