import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import { orderRefundedJob } from '@/lib/domain/followups/order-jobs';
import { runFollowUp, type FollowUpDeps } from '@/lib/services/followups/run-follow-ups';
import { silentLogger } from '@/lib/logger';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import type { OrderFact } from '@/lib/domain/orders/order-state';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import { MemoryAccounts } from '../support/memory-accounts';
import { completedPaid, sessionSnapshot, storeWithFacts } from '../support/order-facts';

const SESSION = 'cs_test_order1';

const refunded = (amountRefunded: number): OrderFact => ({
  kind: 'refund_updated',
  sessionId: SESSION,
  paymentIntentId: 'pi_1',
  refund: { amountRefunded, amountCaptured: 78_800 },
});

function deps(store: OrderStoreBackend) {
  const mailbox = LocalMailbox.open(':memory:');
  const followUpDeps: FollowUpDeps = {
    store,
    mailer: mailbox,
    accounts: new MemoryAccounts(),
    siteUrl: 'http://shop.test',
    clock: new ManualClock('2030-01-01T00:00:00.000Z'),
    logger: silentLogger,
    random: () => 0,
  };
  return { deps: followUpDeps, mailbox };
}

describe('customer emails (order-refunded and order-receipt jobs)', () => {
  it('describes the refund the job is about, even after a later refund was recorded on the order', async () => {
    const partial = orderRefundedJob(SESSION, 20_000, false);
    const full = orderRefundedJob(SESSION, 78_800, true);
    const store = await storeWithFacts([completedPaid, refunded(20_000), refunded(78_800)], { followUps: [partial, full] });
    const { deps: followUpDeps, mailbox } = deps(store);

    // The order already shows the full refund when the first (partial) job runs.
    expect(await store.getOrder(SESSION)).toMatchObject({ status: 'refunded', amountRefunded: 78_800 });
    expect(await runFollowUp(followUpDeps, partial.key)).toBe('done');
    expect(await runFollowUp(followUpDeps, full.key)).toBe('done');

    const mail = await mailbox.list();
    const byKey = Object.fromEntries(mail.map((message) => [message.key, message]));
    expect(Object.keys(byKey).sort()).toEqual([`refund:${SESSION}:20000`, `refund:${SESSION}:78800`]);
    const first = byKey[`refund:${SESSION}:20000`]!;
    expect(first.to).toBe('ada@example.com');
    expect(first.subject).toMatch(/^Partial refund for order HT-\w{6} — /);
    expect(first.text).toContain('We refunded $200.00 of order');
    expect(first.text).toContain('You paid $588.00 in total after the refund.');
    const second = byKey[`refund:${SESSION}:78800`]!;
    expect(second.subject).toMatch(/^Order HT-\w{6} cancelled and refunded — /);
    expect(second.text).toContain('is cancelled and we refunded the full $788.00.');

    // Each job records its email as sent, so a retry of either sends nothing.
    expect(await store.getFollowUp(partial.key)).toMatchObject({ status: 'done', progress: { sent: 'sent' } });
    expect(await store.getFollowUp(full.key)).toMatchObject({ status: 'done', progress: { sent: 'sent' } });
  });

  it.each([
    ['refund', orderRefundedJob(SESSION, 20_000, false), orderRefundedJob('cs_test_unknown', 500, false)],
    ['receipt', orderReceiptJob(SESSION), orderReceiptJob('cs_test_unknown')],
  ])('%s: an order without a buyer email, or not recorded at all, completes without an email', async (_kind, job, stray) => {
    const noBuyer = { ...completedPaid, session: sessionSnapshot({ customer: null }) };
    const store = await storeWithFacts([noBuyer, refunded(20_000)], { followUps: [job, stray] });
    const { deps: followUpDeps, mailbox } = deps(store);

    expect(await runFollowUp(followUpDeps, job.key)).toBe('done');
    expect(await runFollowUp(followUpDeps, stray.key)).toBe('done');
    expect(await mailbox.list()).toEqual([]);
    expect(await store.getFollowUp(job.key)).toMatchObject({ status: 'done', progress: {} });
  });
});
