import { expect, fillCheckoutPage, test } from './fixtures';
import { signInFirstTime, temporaryPasswordFor } from './customer-flows';

test.describe('recurring catering plans', () => {
  test('subscribe to a weekly plan, see it on the account page, cancel it in the Customer Portal', async ({ page }) => {
    // A subscription, a first sign-in and a portal round trip: a generous cap for busy CI machines (a safety net, not a wait).
    test.slow();
    const email = `plan-${Date.now()}@example.com`;

    await page.goto('/plans');
    await expect(page.getByRole('heading', { name: 'Catering plans' })).toBeVisible();
    await page.getByRole('radio', { name: /Weekly office lunch/ }).check();
    await page.getByLabel('How many (each delivery)').fill('2');
    await page.getByLabel('Delivery day').selectOption('thursday');
    await page.getByLabel('Recipient').fill('Acme Office');
    await page.getByLabel('Street address').fill('5 Market St');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('State').fill('IL');
    await page.getByLabel('ZIP code').fill('62701');
    await page.getByRole('button', { name: 'Subscribe' }).click();

    await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { withShipping: false, email });
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/(account|sign-in)/);

    const password = await temporaryPasswordFor(page, email);
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?returnTo=%2Faccount/);
    await signInFirstTime(page, email, password, 'Weekly-Lunch-2030!');
    await page.waitForURL(/\/account$/);

    const plan = page.getByTestId('plan');
    await expect(plan).toHaveCount(1);
    await expect(plan.getByTestId('plan-status')).toHaveText('Active');
    await expect(plan.getByTestId('plan-quantity')).toContainText('2 × weekly');
    await expect(plan).toContainText('Thursday');
    await expect(plan.getByTestId('plan-next-delivery')).toHaveText(/^Thursday, [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    // The first period's delivery is an order like any other.
    await page.goto('/orders');
    await expect(page.getByTestId('order-row')).toHaveCount(1);
    await expect(page.getByTestId('order-row').first()).toContainText('$330.00');

    await page.goto('/account');
    await page.getByRole('button', { name: 'Manage plan' }).click();
    await expect(page.getByRole('heading', { name: 'Manage your plan' })).toBeVisible();
    await page.getByRole('button', { name: 'Cancel plan' }).click();
    await expect(page.getByRole('button', { name: "Don't cancel plan" })).toBeVisible();
    await page.getByRole('link', { name: '← Return to the shop' }).click();
    await page.waitForURL(/\/account$/);
    // The cancellation arrives by webhook: reload until the page shows it.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('plan-status')).toHaveText('Ends after this period', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.getByTestId('plan-ends')).toBeVisible();
  });
});
