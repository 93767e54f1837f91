import { addToCart, expect, fillCheckoutPage, startCheckout, test } from './fixtures';

test.describe('buying catering', () => {
  test('browse, add two packages, pay with 4242 and see the confirmed order', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catering for every table');
    await expect(page.getByTestId('product-card')).toHaveCount(6);
    await expect(page.getByRole('link', { name: 'Grand Grazing Board' })).toBeVisible();

    await addToCart(page, 'Grand Grazing Board');
    await addToCart(page, 'Petite Dessert Table');
    await addToCart(page, 'Petite Dessert Table');
    await expect(page.getByRole('link', { name: 'Cart, 3 items' })).toBeVisible();

    await page.goto('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(2);
    // $289.00 + 2 × $210.00
    await expect(page.getByTestId('cart-subtotal')).toHaveText('$709.00');

    await startCheckout(page);
    await expect(page.getByText('$709.00').first()).toBeVisible();
    await fillCheckoutPage(page, { number: '4242 4242 4242 4242' });
    await page.getByRole('button', { name: 'Pay' }).click();

    await page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
    await expect(page.getByText('Payment received')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Thank you, Ada!' })).toBeVisible();
    const items = page.getByRole('list', { name: 'Items in your order' });
    await expect(items).toContainText('1 × Grand Grazing Board');
    await expect(items).toContainText('2 × Petite Dessert Table');
    await expect(page.getByText('$709.00')).toBeVisible();
    // Only the first name: no email or address on a page reachable by its URL.
    await expect(page.locator('body')).not.toContainText('ada@example.com');
    await expect(page.locator('body')).not.toContainText('1 Main Street');
    await expect(page.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();
  });

  test('a declined card shows the reason and a retry with 4242 succeeds', async ({ page }) => {
    await page.goto('/');
    await addToCart(page, 'Build-Your-Own Taco Bar');
    await startCheckout(page);

    await fillCheckoutPage(page, { number: '4000 0000 0000 0002' });
    await page.getByRole('button', { name: 'Pay' }).click();
    await expect(page.getByRole('alert')).toContainText('Your card was declined.');
    await expect(page).toHaveURL(/\/c\/pay\/cs_test_/);

    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.waitForURL(/\/checkout\/success/);
    await expect(page.getByText('Payment received')).toBeVisible();
    await expect(page.getByRole('list', { name: 'Items in your order' })).toContainText('1 × Build-Your-Own Taco Bar');
  });

  test('canceling on the payment page returns to an intact cart', async ({ page }) => {
    await page.goto('/');
    await addToCart(page, 'Sunrise Breakfast Spread');
    await addToCart(page, 'Mediterranean Mezze Platter');
    await startCheckout(page);

    await page.getByRole('link', { name: /Back/ }).click();
    await page.waitForURL(/\/checkout\/canceled/);
    await expect(page.getByRole('heading', { name: /nothing was charged/ })).toBeVisible();
    await page.getByRole('link', { name: 'Back to your cart' }).click();
    await expect(page.getByTestId('cart-line')).toHaveCount(2);
    await expect(page.getByRole('link', { name: 'Cart, 2 items' })).toBeVisible();
  });
});
