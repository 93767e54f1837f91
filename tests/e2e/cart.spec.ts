import { addToCart, expect, test } from './fixtures';

test.describe('cart', () => {
  test('starts empty, survives a reload, and changes quantities within limits', async ({ page }) => {
    await page.goto('/cart');
    await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible();

    await page.goto('/products/prod_sandwich_boxes');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Artisan Sandwich Box Lunch');
    await addToCart(page, 'Artisan Sandwich Box Lunch');

    await page.goto('/cart');
    await page.reload();
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await page.getByRole('button', { name: 'Increase quantity of Artisan Sandwich Box Lunch' }).click();
    await page.getByRole('button', { name: 'Increase quantity of Artisan Sandwich Box Lunch' }).click();
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$495.00');
    await expect(page.getByRole('button', { name: 'Decrease quantity of Artisan Sandwich Box Lunch' })).toBeEnabled();

    await page.getByRole('spinbutton', { name: 'Quantity of Artisan Sandwich Box Lunch' }).fill('25');
    await expect(page.getByRole('spinbutton', { name: 'Quantity of Artisan Sandwich Box Lunch' })).toHaveValue('20');
    await expect(page.getByRole('button', { name: 'Increase quantity of Artisan Sandwich Box Lunch' })).toBeDisabled();

    await page.getByRole('button', { name: /Remove/ }).click();
    await expect(page.getByRole('heading', { name: 'Your cart is empty' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();
  });

  test('the server refuses a past delivery date and the page says why', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 400/);
    await page.goto('/');
    await addToCart(page, 'Grand Grazing Board');
    await page.goto('/cart');
    await page.getByLabel('Delivery date').fill(new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Checkout' }).click();
    await expect(page.locator('main').getByRole('alert')).toContainText("we need 48 hours' notice");
    await expect(page).toHaveURL(/\/cart$/);
  });

  test('an unknown product is a 404 page', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 404/);
    const response = await page.goto('/products/prod_does_not_exist');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });
});
