import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { runFollowUp } from '@/lib/services/followups/run-follow-ups';
import { changeFulfilment } from '@/lib/services/kitchen/change-fulfilment';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { MemoryAccounts } from '../support/memory-accounts';
import { paidFact } from '../support/kitchen-orders';
import { storeWithFacts } from '../support/order-facts';

describe('the out-for-delivery email', () => {
  it('reaches the customer once when the order leaves the kitchen, however often the job runs', async () => {
    const store = await storeWithFacts([paidFact({ deliveryWindow: '10:00-12:00' })]);
    const clock = new ManualClock('2030-01-15T09:00:00.000Z');
    const kitchen = { store, clock, refundInFull: () => Promise.reject(new Error('no refunds here')) };
    await changeFulfilment(kitchen, 'chef@example.com', { orderId: 'cs_test_order1', to: 'preparing', expectedVersion: 0 });
    await changeFulfilment(kitchen, 'chef@example.com', { orderId: 'cs_test_order1', to: 'out_for_delivery', expectedVersion: 1 });

    const mailbox = LocalMailbox.open(':memory:');
    const deps = { store, clock, mailer: mailbox, accounts: new MemoryAccounts(), siteUrl: 'http://shop.test', logger: silentLogger };
    expect(await runFollowUp(deps, 'order-out-for-delivery:cs_test_order1')).toBe('done');
    expect(await runFollowUp(deps, 'order-out-for-delivery:cs_test_order1')).toBe('already_done');

    const mails = await mailbox.list();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'ada@example.com', subject: expect.stringMatching(/^Order HT-\w{6} is on its way — /) });
    expect(mails[0]?.text).toContain('has left our kitchen');
    expect(mails[0]?.text).toContain('Tuesday, January 15, 2030, 10:00 AM – 12:00 PM');
    expect(mails[0]?.text).toContain('http://shop.test/orders/cs_test_order1');
  });
});
