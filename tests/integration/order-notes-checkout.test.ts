import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '@/lib/services/checkout/create-checkout';
import { payOnHostedPage, type validCustomer } from '../support/hosted-checkout';
import { daysFromNow, startTestShop, type TestShop } from '../support/test-shop';

/** Notes and dietary requirements typed on Local Stripe's hosted page reach the order and the receipt. */
describe('order notes and dietary requirements, end to end', () => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await startTestShop();
  });
  afterAll(async () => {
    await shop.close();
  });

  async function buy(fields: Record<string, string>): Promise<string> {
    const [item] = await shop.checkoutDeps.loadCatalog();
    const result = await createCheckout(shop.checkoutDeps, { lines: [{ priceId: item!.priceId, quantity: 1 }], deliveryDate: daysFromNow(4), deliveryWindow: '10:00-12:00' });
    if (!result.ok) throw new Error(result.error.message);
    const session = await shop.stripe.checkout.sessions.retrieve(result.sessionId);
    expect(session.custom_fields.map((field) => [field.key, field.label.custom, field.optional])).toEqual([
      ['ordernotes', 'Order notes', true],
      ['dietary', 'Dietary requirements', true],
    ]);
    expect((await payOnHostedPage(result.url, '4242424242424242', fields as Partial<typeof validCustomer>)).status).toBe(303);
    await shop.emulator.waitForDeliveries(10_000);
    await shop.drainFollowUps();
    return result.sessionId;
  }

  it('stores what the buyer typed and repeats it in the receipt', async () => {
    const sessionId = await buy({ custom_ordernotes: 'Please use the loading dock', custom_dietary: 'Two guests are vegan' });
    // The phone number the hosted page required reaches the order too (the kitchen shows it).
    expect(await shop.store.getOrder(sessionId)).toMatchObject({
      status: 'paid',
      notes: 'Please use the loading dock',
      dietaryRequirements: 'Two guests are vegan',
      phone: '+1 555 010 0100',
    });
    const receipt = (await shop.mailbox.list()).find((mail) => mail.key === `receipt:${sessionId}`);
    expect(receipt?.text).toContain('Notes: Please use the loading dock');
    expect(receipt?.text).toContain('Dietary requirements: Two guests are vegan');
  });

  it('both fields are optional', async () => {
    const sessionId = await buy({});
    expect(await shop.store.getOrder(sessionId)).toMatchObject({ status: 'paid', notes: null, dietaryRequirements: null });
  });
});
