import type { Page } from '@playwright/test';
import { mailTo } from './customer-flows';
import { addToCart, expect, fillContactAndDelivery, startCheckout, test } from './fixtures';
import { expectFitsPhone } from './layout-checks';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);

/** Pays the open checkout page with a US bank account (ACH debit), which Local Stripe settles later. */
async function payByBankDebit(page: Page, email: string, accountNumber: string): Promise<string> {
  await page.getByLabel('US bank account (ACH, settles later)').check();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Routing number').fill('110000000');
  await page.getByLabel('Account number').fill(accountNumber);
  await page.getByLabel('Name on the account').fill('Ada Lovelace');
  await fillContactAndDelivery(page);
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/checkout\/success\?session_id=/);
  return new URL(page.url()).searchParams.get('session_id')!;
}

/** Local Stripe's documented dev control: settle a pending delayed payment now. */
async function settle(sessionId: string, outcome: 'succeeded' | 'failed'): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${stripePort}/_emulator/checkout/sessions/${sessionId}/settle`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  expect(response.status).toBe(200);
}

test.describe('delayed payments (on a phone)', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('a bank debit shows "awaiting payment" until it settles, then "payment received"', async ({ page }) => {
    await page.goto('/');
    await addToCart(page, 'Mediterranean Mezze Platter');
    await startCheckout(page);
    const sessionId = await payByBankDebit(page, `ach-ok-${Date.now()}@example.com`, '000123456789');

    await expect(page.getByText('Awaiting payment')).toBeVisible();
    await expect(page.getByText('has not cleared yet')).toBeVisible();
    // Not paid yet: the amount is due, not paid, and the cart stays until the bank answers.
    await expect(page.getByText('Total due')).toBeVisible();
    await expect(page.getByText('Total paid')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Cart, 1 item' })).toBeVisible();
    await expectFitsPhone(page, 'awaiting payment');
    await settle(sessionId, 'succeeded');
    await expect(page.getByText('Payment received')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Items in your order' })).toContainText('1 × Mediterranean Mezze Platter');
    await expect(page.getByText('Total paid')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();
    await expectFitsPhone(page, 'payment received');
  });

  test('a failed bank debit says so, keeps the cart for a retry and emails the buyer a way back to it', async ({ page, browser }) => {
    const email = `ach-fail-${Date.now()}@example.com`;
    await page.goto('/');
    await addToCart(page, 'Artisan Sandwich Box Lunch');
    await startCheckout(page);
    const sessionId = await payByBankDebit(page, email, '000111111113');
    await expect(page.getByText('Awaiting payment')).toBeVisible();

    await settle(sessionId, 'failed');
    await expect(page.getByRole('heading', { name: 'Your payment did not go through' })).toBeVisible({ timeout: 20_000 });
    await expectFitsPhone(page, 'payment failed');
    await page.getByRole('link', { name: 'Try again from your cart' }).click();
    await expect(page.getByTestId('cart-notice')).toContainText('did not go through and nothing was charged');
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await expect(page.getByTestId('cart-line')).toContainText('Artisan Sandwich Box Lunch');
    await expect(page.getByRole('button', { name: 'Checkout' })).toBeEnabled();
    await expectFitsPhone(page, 'cart after a failed payment');

    const mail = await mailTo(page, email, /^Payment for order HT-\w{6} did not go through — Harvest Table Catering$/);
    // No account and no invitation for a payment that never arrived.
    await expect(page.getByRole('article', { name: `Your Harvest Table Catering account to ${email}` })).toHaveCount(0);

    // The email's link brings the same cart back on a device that never saw it.
    const link = /Your cart is waiting with the same items: (\S+)/.exec(await mail.locator('pre').innerText())?.[1];
    expect(link, 'cart link in the email').toBeTruthy();
    const elsewhere = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const other = await elsewhere.newPage();
    await other.goto(link!);
    await expect(other.getByTestId('cart-line')).toHaveCount(1);
    await expect(other.getByTestId('cart-line')).toContainText('Artisan Sandwich Box Lunch');
    await expect(other.getByTestId('cart-notice')).toBeVisible();
    await expect(other).toHaveURL(/\/cart\?notice=payment_failed$/);
    await elsewhere.close();
  });
});
