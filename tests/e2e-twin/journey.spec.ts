import type { Page } from '@playwright/test';
import { buyAs } from '../e2e/customer-flows';
import { expect, test } from '../e2e/fixtures';

/**
 * The journey of issue 10 on Amplify's own resolvers: buy → Cognito's invitation (captured from the twin's
 * Cognito into the mailbox) → sign in → own order → someone else's order is a 404.
 */
/** The temporary password from Cognito's invitation (the synthesized template), once the follow-up ran. */
async function temporaryPasswordFor(page: Page, email: string): Promise<string> {
  const invitation = page.getByRole('article').filter({ hasText: email }).filter({ hasText: 'temporary password' });
  await expect(async () => {
    await page.goto('/dev/mailbox');
    await expect(invitation).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  const password = /temporary password (\S+)/.exec(await invitation.innerText())?.[1];
  expect(password, 'temporary password in the invitation').toBeTruthy();
  return password!;
}

test('twin: buy, read the invitation, sign in, see the own order, and someone else’s order is a 404', async ({ page, allowConsoleError }) => {
  const email = `twin-buyer-${Date.now()}@example.com`;
  const otherOrder = await buyAs(page, `twin-other-${Date.now()}@example.com`, 'Grand Grazing Board');
  const orderId = await buyAs(page, email, 'Grand Grazing Board');
  const password = await temporaryPasswordFor(page, email);

  await page.goto('/orders');
  await page.waitForURL(/\/sign-in\?returnTo=%2Forders/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Change Password' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('Twin-Picnic-2030!');
  await page.getByLabel('Confirm Password').fill('Twin-Picnic-2030!');
  await page.getByRole('button', { name: 'Change Password' }).click();

  await page.waitForURL(/\/orders$/);
  const rows = page.getByTestId('order-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Paid');
  await rows.first().getByRole('link', { name: 'View order' }).click();
  await page.waitForURL(`**/orders/${orderId}`);
  await expect(page.getByTestId('order-item').first()).toContainText('Grand Grazing Board');

  allowConsoleError(/status of 404/);
  const response = await page.goto(`/orders/${otherOrder}`);
  expect(response?.status()).toBe(404);

  // The kitchen is staff-only (ADMINS): a signed-in customer gets 404 on every page and staff request.
  for (const path of ['/admin', '/admin/prep', '/admin/jobs', '/admin/quotes', '/admin/deliveries.csv?date=2030-01-15']) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
  const origin = new URL(page.url()).origin;
  const change = await page.request.post(`/admin/orders/${orderId}/fulfilment`, { form: { to: 'preparing', version: '0' }, headers: { Origin: origin } });
  expect(change.status()).toBe(404);
  const retry = await page.request.post('/admin/jobs/retry', { form: { key: `order-paid:${orderId}` }, headers: { Origin: origin } });
  expect(retry.status()).toBe(404);
});
