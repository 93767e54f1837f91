import { mailTo } from './customer-flows';
import { addToCart, expect, fillCheckoutPage, startCheckout, test } from './fixtures';

test.describe('self sign-up', () => {
  test('a customer signs up with an emailed code, then buys: the order is theirs and they get a receipt, no invitation', async ({ page }) => {
    const email = `signup-${Date.now()}@example.com`;
    const password = 'Garden-Party-2030!';

    await page.goto('/sign-in');
    await page.getByRole('tab', { name: 'Create Account' }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Confirm Password').fill(password);
    await page.getByRole('button', { name: 'Create Account' }).click();

    // cognito-local prints the code; the local stack puts it in the mailbox.
    const mailbox = await page.context().newPage();
    const codeMail = mailbox.getByRole('article', { name: `Your Harvest Table Catering verification code to ${email}` });
    await expect(async () => {
      await mailbox.goto('/dev/mailbox');
      await expect(codeMail).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    const code = /verification code is (\d+)/.exec(await codeMail.locator('pre').innerText())?.[1];
    expect(code).toBeTruthy();
    await mailbox.close();

    await page.getByLabel('Confirmation Code').fill(code!);
    await page.getByRole('button', { name: 'Confirm' }).click();
    // Amplify signs the new customer in. cognito-local leaves email_verified unset after the code
    // (real Cognito sets it), so the Authenticator offers to verify the contact: skip that.
    const skip = page.getByRole('button', { name: 'Skip' });
    const orders = page.getByRole('heading', { name: 'No orders yet' });
    await expect(orders.or(skip)).toBeVisible({ timeout: 20_000 });
    if (await skip.isVisible()) await skip.click();
    await expect(orders).toBeVisible({ timeout: 20_000 });

    await page.goto('/');
    await addToCart(page, 'Petite Dessert Table');
    await startCheckout(page);
    await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email });
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success/);
    await expect(page.getByText('Payment received')).toBeVisible();

    await expect(async () => {
      await page.goto('/orders');
      await expect(page.getByTestId('order-row')).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await mailTo(page, email, /^Order HT-\w{6} confirmed — Harvest Table Catering$/);
    await expect(page.getByRole('article', { name: `Your Harvest Table Catering account to ${email}` })).toHaveCount(0);
  });
});
