import { describe, expect, it } from 'vitest';
import { CognitoAccountProvisioner, InvitationPendingError } from '@/lib/adapters/cognito/cognito-provisioner';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { MailMessage } from '@/lib/domain/mail/mailer';
import { MemoryUserPool } from '../support/memory-user-pool';

const T0 = new Date('2030-01-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A provisioner mailing invitations into a mailbox whose first `failures` sends throw. */
function setup(failures: number) {
  let now = T0;
  const pool = new MemoryUserPool(() => now);
  const mailbox = LocalMailbox.open(':memory:');
  let left = failures;
  const mailer = {
    send: (message: MailMessage) => (left-- > 0 ? Promise.reject(new Error('mail down')) : mailbox.send(message)),
    has: (key: string) => mailbox.has(key),
  };
  const provisioner = new CognitoAccountProvisioner(pool.client, 'us-east-1_pool', { by: 'mailer', mailer, siteUrl: 'http://shop.test' }, { now: () => now });
  return { pool, mailbox, provisioner, setNow: (date: Date) => (now = date) };
}

describe('an invitation that never went out', () => {
  it('is left alone while its creator may still be sending it, and re-sent with a fresh password once stale', async () => {
    const { pool, mailbox, provisioner, setNow } = setup(1);
    const buyer = { email: 'ada@example.com', name: 'Ada' };
    await expect(provisioner.provision(buyer)).rejects.toThrow('mail down');
    expect(pool.users).toHaveLength(1);
    expect(await mailbox.list()).toEqual([]);

    setNow(at(2 * 60 * 1000 - 1)); // Younger than two minutes: another worker may be about to mail it, so retry later.
    await expect(provisioner.provision(buyer)).rejects.toThrow(InvitationPendingError);
    expect(await mailbox.list()).toEqual([]);
    expect(pool.users[0]!.temporaryPasswords).toBe(1);

    setNow(at(2 * 60 * 1000)); // Stale: whoever created it died before mailing.
    const resent = await provisioner.provision(buyer);
    expect(resent).toEqual({ account: { sub: pool.users[0]!.sub, username: pool.users[0]!.username, email: 'ada@example.com' }, created: true });
    expect(pool.users[0]!.temporaryPasswords).toBe(2);
    const mail = await mailbox.list();
    expect(mail.map((message) => [message.key, message.to])).toEqual([[`invitation:${pool.users[0]!.username}`, 'ada@example.com']]);
    expect(mail[0]!.text).toMatch(/Temporary password: Tmp-\S+9a!/);

    // Once mailed, never again, however old the account gets.
    setNow(at(60 * 60 * 1000));
    expect(await provisioner.provision(buyer)).toMatchObject({ created: false });
    expect(await mailbox.list()).toHaveLength(1);
    expect(pool.users).toHaveLength(1);
  });

  it('is not re-sent to a user who already chose a password', async () => {
    const { pool, mailbox, provisioner, setNow } = setup(1);
    await expect(provisioner.provision({ email: 'ada@example.com', name: null })).rejects.toThrow('mail down');
    pool.users[0]!.status = 'CONFIRMED';
    setNow(at(60 * 60 * 1000));
    expect(await provisioner.provision({ email: 'ada@example.com', name: null })).toMatchObject({ created: false });
    expect(await mailbox.list()).toEqual([]);
  });
});
