import Stripe from 'stripe';
import { buyAs, mailTo, signInFirstTime, temporaryPasswordFor } from './customer-flows';
import { expect, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);

test.describe('customer accounts', () => {
  test('a buyer gets an invitation, signs in, sets a password and sees exactly their order', async ({ page }) => {
    // A purchase, a first sign-in and a refund: a generous cap for busy CI machines (a safety net, not a wait).
    test.slow();
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
    await expect(rows.first().getByTestId('order-number')).toHaveText(/^HT-\w{6}$/);
    // The delivery date, in words: "Sat, Dec 5, 2026".
    await expect(rows.first().getByTestId('order-delivery')).toHaveText(/^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}$/);

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
    const orderNumber = (await page.getByTestId('order-number').innerText()).trim();
    const refundMail = await mailTo(page, email, `Partial refund for order ${orderNumber} — Harvest Table Catering`);
    await expect(refundMail.locator('pre')).toContainText('We refunded $100.00');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await page.goto(`/orders/${orderId}`);
    await page.waitForURL(/\/sign-in\?returnTo=/);
  });

  test("another signed-in buyer cannot open the first buyer's order", async ({ page, browser, allowConsoleError }) => {
    // Two purchases and a first sign-in: a generous cap for busy CI machines (a safety net, not a wait).
    test.slow();
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
