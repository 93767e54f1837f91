import { addToCart, expect, humanDate, startCheckout, test, tomorrowPlus } from './fixtures';

test.describe('per-day capacity in the cart', () => {
  test('a fully booked date is refused with a clear message, and another date still works', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 409/);
    // A date no other spec uses. Twenty Grand Grazing Boards serve 400, the default daily capacity.
    const fullDate = tomorrowPlus(300);
    await page.goto('/');
    await addToCart(page, 'Grand Grazing Board');
    await page.goto('/cart');
    await page.getByRole('spinbutton', { name: 'Quantity of Grand Grazing Board' }).fill('20');
    await expect(page.getByRole('spinbutton', { name: 'Quantity of Grand Grazing Board' })).toHaveValue('20');
    // The first buyer holds the whole day while on the payment page.
    await startCheckout(page, { deliveryDate: fullDate });

    // The next checkout for that date is refused before payment, in the cart, saying why.
    await page.goto('/cart');
    await page.getByLabel('Delivery date').fill(fullDate);
    await page.getByRole('button', { name: 'Checkout' }).click();
    await expect(page.locator('main').getByRole('alert')).toHaveText(`We're fully booked on ${humanDate(fullDate)}. Please choose another delivery date.`);
    await expect(page).toHaveURL(/\/cart$/);

    await page.getByLabel('Delivery date').fill(tomorrowPlus(301));
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.waitForURL(/\/c\/pay\/cs_test_/);
  });
});
