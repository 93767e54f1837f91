import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every page of the shop must run without console errors; a test fails if one appears.
 * Pages served by other origins (Local Stripe's hosted Checkout) are not ours to judge, and a test
 * that provokes an error response on purpose declares it with allowConsoleError.
 */
export const test = base.extend<{ consoleErrors: string[]; allowConsoleError: (pattern: RegExp) => void }>({
  consoleErrors: [
    async ({ page, baseURL }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        const origin = new URL(page.url() || 'about:blank', 'about:blank').origin;
        if (message.type() === 'error' && baseURL && origin === new URL(baseURL).origin) errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  allowConsoleError: async ({ consoleErrors }, use) => {
    const allowed: RegExp[] = [];
    await use((pattern) => allowed.push(pattern));
    // Torn down before consoleErrors (a fixture that depends on another ends first), so its check sees the filtered list.
    const unexpected = consoleErrors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
    consoleErrors.splice(0, consoleErrors.length, ...unexpected);
  },
});
export { expect };

export function tomorrowPlus(days: number): string {
  const date = new Date(Date.now() + (days + 1) * 24 * 60 * 60 * 1000);
  return date.toISOString().slice(0, 10);
}

export async function addToCart(page: Page, productName: string): Promise<void> {
  await page.getByRole('button', { name: `Add ${productName} to cart` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${productName} added to cart` })).toBeVisible();
}

export interface CardDetails {
  number: string;
  expiry?: string;
  cvc?: string;
}

/** The shop's checkout collects a phone number (required when asked); Payment Links and plans may not ask. */
async function fillPhoneIfAsked(page: Page): Promise<void> {
  const phone = page.getByLabel('Phone number');
  if ((await phone.count()) > 0) await phone.fill('+1 555 010 0100');
}

/** What Local Stripe's hosted page asks of a buyer whatever the payment method: a phone (when asked) and the delivery address. */
export async function fillContactAndDelivery(page: Page, options: { withShipping?: boolean } = {}): Promise<void> {
  await fillPhoneIfAsked(page);
  if (options.withShipping ?? true) {
    await page.getByLabel('Full name').fill('Ada Lovelace');
    await page.getByLabel('Address line 1').fill('1 Main Street');
    await page.getByLabel('City').fill('Springfield');
    await page.getByLabel('State').fill('IL');
    await page.getByLabel('ZIP').fill('62701');
  }
}

/** Fills Local Stripe's hosted Checkout page the way a customer would. */
export async function fillCheckoutPage(
  page: Page,
  card: CardDetails,
  options: { withShipping?: boolean; email?: string } = {},
): Promise<void> {
  await expect(page.getByText('Local Stripe')).toBeVisible();
  await page.getByLabel('Email').fill(options.email ?? 'ada@example.com');
  await page.getByLabel('Card number').fill(card.number);
  await page.getByLabel('Expiration').fill(card.expiry ?? '12 / 34');
  await page.getByLabel('CVC').fill(card.cvc ?? '123');
  await page.getByLabel('Cardholder name').fill('Ada Lovelace');
  await fillContactAndDelivery(page, options);
}

/** A delivery date as the shop shows it ("Friday, December 4, 2026"), computed here independently of the app. */
export function humanDate(isoDate: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }).format(
    new Date(`${isoDate}T12:00:00Z`),
  );
}

export async function startCheckout(page: Page, options: { deliveryDate?: string; deliveryTime?: string } = {}): Promise<void> {
  await page.goto('/cart');
  await page.getByLabel('Delivery date').fill(options.deliveryDate ?? tomorrowPlus(2));
  if (options.deliveryTime) await page.getByLabel('Delivery time').selectOption({ label: options.deliveryTime });
  await page.getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL(/\/c\/pay\/cs_test_/);
}
