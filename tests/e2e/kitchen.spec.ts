import { AdminCreateUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Page } from '@playwright/test';
import Stripe from 'stripe';
import { cognitoLocalClient } from '../../emulators/cognito/start-cognito-local';
import { shopToday } from '../../lib/domain/checkout/delivery-date';
import { addToStaffGroup } from '../../lib/adapters/cognito/cognito-staff-group';
import { readLocalUserPool } from '../../common/local-user-pool';
import { mailTo, signInFirstTime, temporaryPasswordFor } from './customer-flows';
import { expect, fillCheckoutPage, test } from './fixtures';

const port = Number(process.env.E2E_PORT ?? 3100);
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);
const cognitoPort = Number(process.env.E2E_COGNITO_PORT ?? 9230);
const siteUrl = `http://localhost:${port}`;

/**
 * An order delivered TODAY (the shop's checkout refuses dates inside its lead time, so the session is made
 * through Local Stripe's API as the shop makes it), paid on the hosted page like any other.
 */
async function buyForToday(page: Page, email: string): Promise<string> {
  const stripe = new Stripe('sk_test_e2e_kitchen_key', { host: '127.0.0.1', port: stripePort, protocol: 'http' });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: 'price_grazing_board', quantity: 2 }],
    success_url: `${siteUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${siteUrl}/checkout/canceled`,
    shipping_address_collection: { allowed_countries: ['US'] },
    metadata: { delivery_date: shopToday(new Date(), 'America/New_York'), delivery_window: '10:00-12:00' },
  });
  await page.goto(session.url!);
  await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email });
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/checkout\/success\?session_id=/);
  await expect(page.getByText('Payment received')).toBeVisible();
  return session.id;
}

/** A kitchen staff member: a user in the e2e stack's cognito-local pool, put in ADMINS as `npm run admin:add` does. */
async function createStaff(email: string, temporaryPassword: string): Promise<void> {
  const pool = readLocalUserPool('.data/e2e');
  if (!pool) throw new Error('the e2e stack has no cognito-local pool yet');
  const client = cognitoLocalClient(`http://127.0.0.1:${cognitoPort}`);
  try {
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        TemporaryPassword: temporaryPassword,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
      }),
    );
    await addToStaffGroup(client, pool.userPoolId, email);
  } finally {
    client.destroy();
  }
}

test.describe('the kitchen', () => {
  test('staff see today’s orders and the prep list, send an order out, and the customer sees it and gets the email', async ({ page, browser, allowConsoleError }) => {
    // A purchase, two first sign-ins and four staff clicks: a generous cap for busy CI machines (a safety net, not a wait).
    test.slow();
    allowConsoleError(/status of 404/);
    const customerEmail = `kitchen-buyer-${Date.now()}@example.com`;
    const orderId = await buyForToday(page, customerEmail);
    const customerPassword = await temporaryPasswordFor(page, customerEmail);

    const staffEmail = `chef-${Date.now()}@example.com`;
    await createStaff(staffEmail, 'Temp-Kitchen-1!');
    const staffContext = await browser.newContext();
    const staff = await staffContext.newPage();
    await staff.goto('/sign-in?returnTo=%2Fadmin');
    await signInFirstTime(staff, staffEmail, 'Temp-Kitchen-1!', 'Kitchen-Open-2030!');
    await staff.waitForURL(/\/admin$/);
    await expect(staff.getByRole('heading', { name: 'Kitchen orders' })).toBeVisible();

    const card = staff.getByTestId('kitchen-order').filter({ hasText: customerEmail });
    await expect(card).toHaveCount(1);
    const orderNumber = (await card.getByTestId('kitchen-order-number').innerText()).trim();
    await expect(card).toContainText('2 × Grand Grazing Board');
    await expect(card).toContainText('1 Main Street');
    await expect(card.getByTestId('fulfilment-status')).toHaveText('Received');

    await staff.getByRole('link', { name: 'Prep list for this day' }).click();
    await staff.waitForURL(/\/admin\/prep\?date=/);
    const prepLine = staff.getByTestId('prep-line').filter({ hasText: 'Grand Grazing Board' });
    await expect(prepLine).toHaveCount(1);
    expect(Number(await prepLine.getByTestId('prep-quantity').innerText())).toBeGreaterThanOrEqual(2);
    expect(Number(await prepLine.getByTestId('prep-servings').innerText())).toBeGreaterThanOrEqual(40);

    await staff.goto('/admin');
    await staff.getByRole('button', { name: `Start preparing: ${orderNumber}` }).click();
    await expect(card.getByTestId('fulfilment-status')).toHaveText('Being prepared');
    await staff.getByRole('button', { name: `Out for delivery: ${orderNumber}` }).click();
    await expect(card.getByTestId('fulfilment-status')).toHaveText('Out for delivery');
    await expect(card).toContainText(`Out for delivery by ${staffEmail}`);

    // Search by the customer's email, the day's CSV, and the parked-jobs page.
    await staff.getByLabel('Email or order number').fill(customerEmail);
    await staff.getByRole('button', { name: 'Search' }).click();
    await expect(staff.getByTestId('kitchen-heading')).toHaveText(`Orders matching “${customerEmail}”`);
    await expect(staff.getByTestId('kitchen-order')).toHaveCount(1);
    const csv = await staff.request.get(`/admin/deliveries.csv?date=${shopToday(new Date(), 'America/New_York')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toContain(`${orderNumber},`);
    await staff.goto('/admin/jobs');
    await expect(staff.getByRole('heading', { name: 'Parked jobs' })).toBeVisible();
    await staffContext.close();

    // The customer: their order page shows the progress, the mailbox has the email, and the kitchen is a 404.
    await page.goto(`/orders/${orderId}`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
    await signInFirstTime(page, customerEmail, customerPassword, 'Sunny-Picnic-2030!');
    await page.waitForURL(`**/orders/${orderId}`);
    await expect(page.getByTestId('fulfilment-status')).toHaveText('Out for delivery');
    await expect(page.getByTestId('fulfilment-timeline')).toContainText('Being prepared');
    await expect(page.getByTestId('fulfilment-timeline')).not.toContainText(staffEmail);
    for (const path of ['/admin', '/admin/prep', '/admin/jobs', '/admin/quotes', `/admin/deliveries.csv?date=${shopToday(new Date(), 'America/New_York')}`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
    }
    const fulfilmentPost = await page.request.post(`/admin/orders/${orderId}/fulfilment`, { form: { to: 'delivered', version: '2' }, headers: { Origin: siteUrl } });
    expect(fulfilmentPost.status()).toBe(404);
    const mail = await mailTo(page, customerEmail, `Order ${orderNumber} is on its way — Harvest Table Catering`);
    await expect(mail.locator('pre')).toContainText('has left our kitchen');
  });
});
