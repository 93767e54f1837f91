import type { Locator, Page } from '@playwright/test';
import { addToCart, expect, fillCheckoutPage, startCheckout } from './fixtures';

/** Buys one package as `email` and returns the order (Checkout Session) id from the success URL. */
export async function buyAs(page: Page, email: string, productName: string): Promise<string> {
  await page.goto('/');
  await addToCart(page, productName);
  await startCheckout(page);
  await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email });
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/checkout\/success\?session_id=/);
  await expect(page.getByText('Payment received')).toBeVisible();
  return new URL(page.url()).searchParams.get('session_id')!;
}

/** Waits for an email in the local mailbox (emails arrive after the webhook) and returns it. */
export async function mailTo(page: Page, email: string, subject: string | RegExp): Promise<Locator> {
  const mail = page.getByTestId('mail').filter({ hasText: email }).filter({ has: page.getByRole('heading', { name: subject }) });
  await expect(async () => {
    await page.goto('/dev/mailbox');
    await expect(mail).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  return mail;
}

/** Reads the temporary password from the invitation in the local mailbox. */
export async function temporaryPasswordFor(page: Page, email: string): Promise<string> {
  const invitation = await mailTo(page, email, 'Your Harvest Table Catering account');
  const text = await invitation.locator('pre').innerText();
  const password = /Temporary password: (\S+)/.exec(text)?.[1];
  expect(password, 'temporary password in the invitation').toBeTruthy();
  return password!;
}

export async function signInFirstTime(page: Page, email: string, temporaryPassword: string, newPassword: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(temporaryPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Change Password' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm Password').fill(newPassword);
  await page.getByRole('button', { name: 'Change Password' }).click();
}
