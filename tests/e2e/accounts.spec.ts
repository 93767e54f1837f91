import type { Page } from '@playwright/test';
import Stripe from 'stripe';
import { addToCart, expect, fillCheckoutPage, startCheckout, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);

/** Buys one package as `email` and returns the order (Checkout Session) id from the success URL. */
async function buyAs(page: Page, email: string, productName: string): Promise<string> {
  await page.goto('/');
  await addToCart(page, productName);
  await startCheckout(page);
  await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email });
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/checkout\/success\?session_id=/);
  await expect(page.getByText('Payment received')).toBeVisible();
  return new URL(page.url()).searchParams.get('session_id')!;
}

/** Reads the temporary password from the invitation in the local mailbox (it arrives after the webhook). */
async function temporaryPasswordFor(page: Page, email: string): Promise<string> {
  const invitation = page.getByRole('article', { name: `Your Harvest Table Catering account to ${email}` });
  await expect(async () => {
    await page.goto('/dev/mailbox');
    await expect(invitation).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  const text = await invitation.locator('pre').innerText();
  const password = /Temporary password: (\S+)/.exec(text)?.[1];
  expect(password, 'temporary password in the invitation').toBeTruthy();
  return password!;
}

async function signInFirstTime(page: Page, email: string, temporaryPassword: string, newPassword: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(temporaryPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Change Password' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm Password').fill(newPassword);
  await page.getByRole('button', { name: 'Change Password' }).click();
}

test.describe('customer accounts', () => {
  test('a buyer gets an invitation, signs in, sets a password and sees exactly their order', async ({ page }) => {
    const email = `buyer-${Date.now()}@example.com`;
    const orderId = await buyAs(page, email, 'Grand Grazing Board');
    const password = await temporaryPasswordFor(page, email);

    await page.goto('/orders');
    await page.waitForURL(/\/sign-in\?returnTo=%2Forders/);
    await signInFirstTime(page, email, password, 'Sunny-Picnic-2030!');

    await page.waitForURL(/\/orders$/);
    await expect(page.getByRole('heading', { name: 'Your orders' })).toBeVisible();
    await expect(page.getByTestId('signed-in-email')).toHaveText(email);
    const rows = page.getByTestId('order-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('$289.00');
    await expect(rows.first()).toContainText('Paid');

    await rows.first().getByRole('link', { name: 'View order' }).click();
    await page.waitForURL(`**/orders/${orderId}`);
    await expect(page.getByTestId('order-item')).toHaveCount(1);
    await expect(page.getByTestId('order-item').first()).toContainText('Grand Grazing Board');
    await expect(page.getByTestId('order-total')).toHaveText('$289.00');
    await expect(page.getByText('1 Main Street')).toBeVisible();

    // A partial refund made in Stripe shows on the order once its webhook lands.
    const stripe = new Stripe('sk_test_e2e_refunds_key', { host: '127.0.0.1', port: stripePort, protocol: 'http' });
    const session = await stripe.checkout.sessions.retrieve(orderId);
    await stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 10_000 });
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('order-status')).toHaveText('Partially refunded', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByRole('row', { name: /Refunded/ })).toContainText('$100.00');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto(`/orders/${orderId}`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
  });

  test("another signed-in buyer cannot open the first buyer's order", async ({ page, browser, allowConsoleError }) => {
    allowConsoleError(/status of 404/);
    const firstOrder = await buyAs(page, `first-${Date.now()}@example.com`, 'Petite Dessert Table');

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    const secondEmail = `second-${Date.now()}@example.com`;
    await buyAs(otherPage, secondEmail, 'Sunrise Breakfast Spread');
    const password = await temporaryPasswordFor(otherPage, secondEmail);
    await otherPage.goto('/sign-in');
    await signInFirstTime(otherPage, secondEmail, password, 'Another-Picnic-2030!');
    await otherPage.waitForURL(/\/orders$/);
    await expect(otherPage.getByTestId('order-row')).toHaveCount(1);

    const response = await otherPage.goto(`/orders/${firstOrder}`);
    expect(response?.status()).toBe(404);
    await expect(otherPage.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    const unknown = await otherPage.goto('/orders/cs_test_doesnotexist');
    expect(unknown?.status()).toBe(404);
    await other.close();
  });
});
