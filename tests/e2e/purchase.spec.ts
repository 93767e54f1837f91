import { mailTo } from './customer-flows';
import { addToCart, expect, fillCheckoutPage, humanDate, startCheckout, test, tomorrowPlus } from './fixtures';

test.describe('buying catering', () => {
  test('browse, add two packages, pay with 4242 and see the confirmed order', async ({ page }) => {
    const email = `ada-${Date.now()}@example.com`;
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

    const deliveryDate = tomorrowPlus(2);
    await startCheckout(page, { deliveryDate, deliveryTime: '2:00 PM – 4:00 PM' });
    await expect(page.getByText('$709.00').first()).toBeVisible();
    await fillCheckoutPage(page, { number: '4242 4242 4242 4242' }, { email });
    await page.getByRole('button', { name: 'Pay' }).click();

    await page.waitForURL(/\/checkout\/success\?session_id=cs_test_/);
    const sessionId = new URL(page.url()).searchParams.get('session_id')!;
    await expect(page.getByText('Payment received')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Thank you, Ada!' })).toBeVisible();
    const items = page.getByRole('list', { name: 'Items in your order' });
    await expect(items).toContainText('1 × Grand Grazing Board');
    await expect(items).toContainText('2 × Petite Dessert Table');
    await expect(page.getByTestId('confirmation-total')).toHaveText('$709.00');
    await expect(page.getByText('Total paid')).toBeVisible();

    // A confirmation worth the name: a short order number, when and where, what next, whom to call.
    const orderNumber = (await page.getByTestId('order-number').innerText()).trim();
    expect(orderNumber).toMatch(/^HT-[0-9A-HJKMNP-TV-Z]{6}$/);
    await expect(page.getByTestId('delivery-date')).toHaveText(humanDate(deliveryDate));
    await expect(page.getByTestId('delivery-window')).toHaveText('2:00 PM – 4:00 PM');
    await expect(page.locator('main').getByText('Springfield, IL 62701')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'What happens next' })).toBeVisible();
    await expect(page.locator('main').getByRole('link', { name: '+1 217-555-0142' })).toHaveAttribute('href', 'tel:+12175550142');
    const change = page.getByRole('link', { name: 'Request a change' });
    await expect(change).toHaveAttribute('href', new RegExp(`^mailto:orders@harvesttable\\.example\\?subject=.*${orderNumber}`));
    // The session id stays internal, and no ISO date sits next to the human one.
    await expect(page.locator('main')).not.toContainText(sessionId);
    await expect(page.locator('main')).not.toContainText(deliveryDate);
    // Only the first name and the town: no email or street on a page reachable by its URL.
    await expect(page.locator('body')).not.toContainText(email);
    await expect(page.locator('body')).not.toContainText('1 Main Street');
    await expect(page.getByRole('link', { name: 'Cart, 0 items' })).toBeVisible();

    // The receipt reaches every buyer, with everything the page showed and the full address.
    const receipt = await mailTo(page, email, `Order ${orderNumber} confirmed — Harvest Table Catering`);
    const text = await receipt.locator('pre').innerText();
    expect(text).toContain(`When:  ${humanDate(deliveryDate)}, 2:00 PM – 4:00 PM`);
    expect(text).toContain('1 Main Street, Springfield, IL 62701');
    expect(text).toContain('1 × Grand Grazing Board');
    expect(text).toContain('2 × Petite Dessert Table');
    expect(text).toContain('Total paid: $709.00');
    expect(text).toContain('What happens next');
    expect(text).toContain('+1 217-555-0142');
    expect(text).not.toContain(deliveryDate);
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
