import path from 'node:path';
import { cognitoLocalClient } from '@/emulators/cognito/start-cognito-local';
import { addToStaffGroup } from '@/lib/adapters/cognito/cognito-staff-group';
import { readLocalUserPool } from '@/common/local-user-pool';
import { buyAs, mailTo, signInFirstTime, temporaryPasswordFor } from './customer-flows';
import { expect, fillCheckoutPage, test, tomorrowPlus } from './fixtures';

const cognitoPort = Number(process.env.E2E_COGNITO_PORT ?? 9230);

/** Makes `email` staff in the e2e stack's cognito-local pool, as `npm run admin:add` does. */
async function makeStaff(email: string): Promise<void> {
  const pool = readLocalUserPool(path.resolve('.data/e2e'));
  if (!pool) throw new Error('the e2e stack has no local user pool');
  const client = cognitoLocalClient(`http://127.0.0.1:${cognitoPort}`);
  try {
    await addToStaffGroup(client, pool.userPoolId, email);
  } finally {
    client.destroy();
  }
}

test.describe('quotes by payment link', () => {
  test('staff send a quote; the customer pays through the emailed link and the order is confirmed with its delivery', async ({ page }) => {
    // A purchase (to get an account), a first sign-in, a quote and a payment: a generous cap for busy CI machines.
    test.slow();
    const staff = `chef-${Date.now()}@example.com`;
    await buyAs(page, staff, 'Grand Grazing Board');
    const password = await temporaryPasswordFor(page, staff);
    await makeStaff(staff);
    await page.goto('/sign-in?returnTo=%2Fadmin%2Fquotes');
    await signInFirstTime(page, staff, password, 'Kitchen-Quotes-2030!');
    await page.waitForURL(/\/admin\/quotes$/);
    await expect(page.getByRole('heading', { name: 'Quotes', exact: true })).toBeVisible();

    const customer = `conference-${Date.now()}@example.com`;
    const deliveryDate = tomorrowPlus(6);
    await page.getByLabel('Customer email').fill(customer);
    await page.getByLabel('Delivery date').fill(deliveryDate);
    await page.getByLabel('Delivery time').selectOption('10:00-12:00');
    await page.getByLabel('Menu item 1').selectOption({ label: 'Grand Grazing Board — $289.00' });
    await page.getByLabel('Quantity').first().fill('40');
    await page.getByLabel('Description').first().fill('On-site carving station');
    await page.getByLabel('Price each ($)').first().fill('450');
    await page.getByRole('button', { name: 'Create and email the payment link' }).click();
    await expect(page.getByRole('status').filter({ hasText: `was emailed to ${customer}` })).toBeVisible();
    const quoteId = /Quote (Q-\w+)/.exec((await page.getByRole('status').filter({ hasText: 'was emailed' }).innerText()) ?? '')![1]!;
    await expect(page.getByTestId('quote-row').filter({ hasText: quoteId })).toContainText('Waiting for payment');

    const quote = await mailTo(page, customer, /^Your catering quote Q-/);
    const text = await quote.locator('pre').innerText();
    expect(text).toContain('40 × Grand Grazing Board — $11,560.00');
    expect(text).toContain('1 × On-site carving station — $450.00');
    const link = /Pay securely with Stripe: (\S+)/.exec(text)![1]!;

    await page.goto(link);
    await expect(page.getByLabel('Email')).toHaveValue(customer);
    await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email: customer });
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success\?session_id=/);
    await expect(page.getByText('Payment received')).toBeVisible();
    await expect(page.getByText('$12,010.00').first()).toBeVisible();

    // Back in the kitchen, the quote shows as paid.
    await page.goto('/admin/quotes');
    await expect(page.getByTestId('quote-row').filter({ hasText: quoteId })).toContainText('Paid');
  });

  test('the quotes page is a 404 for a signed-out visitor', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 404/);
    const response = await page.goto('/admin/quotes');
    expect(response?.status()).toBe(404);
  });
});
