import { buyAs, signInFirstTime, temporaryPasswordFor } from './customer-flows';
import { addToCart, expect, test } from './fixtures';
import { expectFitsPhone, expectNoHorizontalOverflow } from './layout-checks';

/** Pages anyone can open, with what proves each one rendered. */
const PUBLIC_PAGES: { path: string; heading: string | RegExp }[] = [
  { path: '/', heading: 'Catering for every table' },
  { path: '/products/prod_grazing_board', heading: 'Grand Grazing Board' },
  { path: '/cart', heading: 'Your cart' },
  { path: '/checkout/canceled', heading: /nothing was charged/ },
  { path: '/checkout/success?session_id=cs_test_nope', heading: /couldn.t find that checkout/ },
  { path: '/sign-in', heading: 'Sign in to see your orders' },
  { path: '/dev/mailbox', heading: 'Local mailbox' },
  // A dynamic route's not-found (an unmatched URL's prerendered one has no nonce; see lib/security/static-pages.ts).
  { path: '/products/prod_does_not_exist', heading: 'Page not found' },
];

test.describe('every page on a phone', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('public pages fit 320 px with 44 px tap targets, and 390 and 1440 px without sideways scrolling', async ({ page, allowConsoleError }) => {
    allowConsoleError(/status of 404/);
    for (const { path, heading } of PUBLIC_PAGES) {
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
      await expectFitsPhone(page, `${path} at 320px`);
      for (const width of [390, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        await expectNoHorizontalOverflow(page, `${path} at ${width}px`);
      }
    }
  });

  test('a cart with packages in it fits a phone', async ({ page }) => {
    await page.goto('/');
    await addToCart(page, 'Build-Your-Own Taco Bar');
    await addToCart(page, 'Mediterranean Mezze Platter');
    await page.goto('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(2);
    await expectFitsPhone(page, 'cart with items');
  });

  test("a buyer's confirmation, orders list and order page fit a phone", async ({ page }) => {
    // A purchase and a first sign-in: a generous cap for busy CI machines (a safety net, not a wait).
    test.slow();
    const email = `phone-${Date.now()}@example.com`;
    const orderId = await buyAs(page, email, 'Sunrise Breakfast Spread');
    await expect(page.getByTestId('order-number')).toBeVisible();
    await expectFitsPhone(page, 'order confirmation');

    const password = await temporaryPasswordFor(page, email);
    await expectFitsPhone(page, 'mailbox with emails');
    await page.goto('/orders');
    await page.waitForURL(/\/sign-in\?returnTo=%2Forders/);
    await signInFirstTime(page, email, password, 'Phone-Picnic-2030!');
    await page.waitForURL(/\/orders$/);
    await expect(page.getByTestId('order-row')).toHaveCount(1);
    await expectFitsPhone(page, 'orders list');

    await page.goto(`/orders/${orderId}`);
    await expect(page.getByTestId('order-item')).toHaveCount(1);
    await expectFitsPhone(page, 'order page');
  });
});
