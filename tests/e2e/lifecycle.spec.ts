import type { Page } from '@playwright/test';
import { addToCart, expect, startCheckout, test } from './fixtures';

const stripePort = Number(process.env.E2E_STRIPE_PORT ?? 12112);

/** Pays the open checkout page with a US bank account (ACH debit), which Local Stripe settles later. */
async function payByBankDebit(page: Page, email: string, accountNumber: string): Promise<string> {
  await page.getByLabel('US bank account (ACH, settles later)').check();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Routing number').fill('110000000');
  await page.getByLabel('Account number').fill(accountNumber);
  await page.getByLabel('Name on the account').fill('Ada Lovelace');
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Address line 1').fill('1 Main Street');
  await page.getByLabel('City').fill('Springfield');
  await page.getByLabel('State').fill('IL');
  await page.getByLabel('ZIP').fill('62701');
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

test.describe('delayed payments', () => {
  test('a bank debit shows "awaiting payment" until it settles, then "payment received"', async ({ page }) => {
    await page.goto('/');
    await addToCart(page, 'Mediterranean Mezze Platter');
    await startCheckout(page);
    const sessionId = await payByBankDebit(page, `ach-ok-${Date.now()}@example.com`, '000123456789');

    await expect(page.getByText('Awaiting payment')).toBeVisible();
    await expect(page.getByText('has not cleared yet')).toBeVisible();
    await settle(sessionId, 'succeeded');
    await expect(page.getByText('Payment received')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Items in your order' })).toContainText('1 × Mediterranean Mezze Platter');
  });

  test('a failed bank debit says so and emails the buyer', async ({ page }) => {
    const email = `ach-fail-${Date.now()}@example.com`;
    await page.goto('/');
    await addToCart(page, 'Artisan Sandwich Box Lunch');
    await startCheckout(page);
    const sessionId = await payByBankDebit(page, email, '000111111113');
    await expect(page.getByText('Awaiting payment')).toBeVisible();

    await settle(sessionId, 'failed');
    await expect(page.getByRole('heading', { name: 'Your payment did not go through' })).toBeVisible({ timeout: 20_000 });
    await expect(async () => {
      await page.goto('/dev/mailbox');
      await expect(page.getByRole('article', { name: `Your payment did not go through — Harvest Table Catering to ${email}` })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    // No account and no invitation for a payment that never arrived.
    await expect(page.getByRole('article', { name: `Your Harvest Table Catering account to ${email}` })).toHaveCount(0);
  });
});
