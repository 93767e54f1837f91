import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { SesMailer } from '@/lib/adapters/ses/ses-mailer';

function clientRecording(outcome: () => Promise<unknown> = () => Promise.resolve({ MessageId: 'm-1' })) {
  const commands: unknown[] = [];
  const client = { send: (command: unknown) => (commands.push(command), outcome()) } as unknown as SESv2Client;
  return { client, commands };
}

describe('SesMailer', () => {
  it('sends one plain-text email from the shop address to the buyer', async () => {
    const { client, commands } = clientRecording();
    const mailer = new SesMailer(client, 'orders@shop.example');
    expect(await mailer.send({ key: 'order-received:cs_1', to: 'ada@example.com', subject: 'We received your order', text: 'Hi Ada' })).toBe('sent');
    expect(commands).toHaveLength(1);
    expect(commands[0]).toBeInstanceOf(SendEmailCommand);
    expect((commands[0] as SendEmailCommand).input).toEqual({
      FromEmailAddress: 'orders@shop.example',
      Destination: { ToAddresses: ['ada@example.com'] },
      Content: { Simple: { Subject: { Data: 'We received your order' }, Body: { Text: { Data: 'Hi Ada' } } } },
    });
  });

  it('sends again when asked again: SES does not deduplicate, so callers must not repeat', async () => {
    const { client, commands } = clientRecording();
    const mailer = new SesMailer(client, 'orders@shop.example');
    const message = { key: 'same', to: 'ada@example.com', subject: 'S', text: 'T' };
    await mailer.send(message);
    await mailer.send(message);
    expect(commands).toHaveLength(2);
  });

  it('lets SES errors through, so the follow-up job is retried', async () => {
    const { client } = clientRecording(() => Promise.reject(new Error('Throttling: Maximum sending rate exceeded')));
    await expect(new SesMailer(client, 'orders@shop.example').send({ key: 'k', to: 'a@b.c', subject: 'S', text: 'T' })).rejects.toThrow('Throttling');
  });
});
