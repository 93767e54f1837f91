import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';

describe('LocalMailbox and the Clock', () => {
  it('stamps each message with the time of the clock it was given', async () => {
    const clock = new ManualClock('2031-01-02T03:04:05.000Z');
    const mailbox = LocalMailbox.open(':memory:', clock);
    await mailbox.send({ key: 'k1', to: 'a@example.com', subject: 'First', text: 'one' });
    clock.advance(90_000);
    await mailbox.send({ key: 'k2', to: 'a@example.com', subject: 'Second', text: 'two' });
    const [second, first] = await mailbox.list();
    expect(first?.sentAt).toBe('2031-01-02T03:04:05.000Z');
    expect(second?.sentAt).toBe('2031-01-02T03:05:35.000Z');
    await mailbox.close();
  });
});
