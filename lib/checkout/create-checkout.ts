import type Stripe from 'stripe';
import type { CatalogItem } from '../catalog/catalog';
import type { Clock } from '../clock';
import { shopTimeFormatter } from '../format/shop-time';
import { checkoutRequestSchema, type CheckoutRequest } from './checkout-request';
import { checkDeliveryDate } from './delivery-date';

export interface CheckoutDeps {
  stripe: Stripe;
  /** The catalog items for these price ids, fresh from Stripe; unavailable ones are missing. */
  lookupPrices: (priceIds: readonly string[]) => Promise<Map<string, CatalogItem>>;
  siteUrl: string;
  shopTimeZone: string;
  clock: Clock;
}

export interface CheckoutError {
  code: 'invalid_request' | 'unavailable_price' | 'invalid_delivery_date';
  message: string;
  field?: string;
}

export type CheckoutResult = { ok: true; sessionId: string; url: string } | { ok: false; error: CheckoutError };

/** Countries we deliver to. Catering is local; widen this when the business does. */
export const SHIPPING_COUNTRIES: Stripe.Checkout.SessionCreateParams.ShippingAddressCollection.AllowedCountry[] = ['US'];

/**
 * Validates a cart sent by the browser and opens a Stripe Checkout Session for it.
 * Amounts come from Stripe's prices; the browser's only say is which prices and how many.
 */
export async function createCheckout(deps: CheckoutDeps, input: unknown): Promise<CheckoutResult> {
  const parsed = checkoutRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: { code: 'invalid_request', message: issue?.message ?? 'Invalid request', field: issue?.path.join('.') || undefined },
    };
  }
  const request = parsed.data;

  const dateCheck = checkDeliveryDate(request.deliveryDate, deps.clock.now(), deps.shopTimeZone);
  if (!dateCheck.ok) {
    return { ok: false, error: { code: 'invalid_delivery_date', message: dateCheck.message, field: 'deliveryDate' } };
  }

  const catalog = await deps.lookupPrices(request.lines.map((line) => line.priceId));
  const unavailable = request.lines.findIndex((line) => !catalog.has(line.priceId));
  if (unavailable !== -1) {
    return {
      ok: false,
      error: {
        code: 'unavailable_price',
        message: 'One of the packages in your cart is no longer available. Please remove it and try again.',
        field: `lines.${unavailable}.priceId`,
      },
    };
  }

  const session = await deps.stripe.checkout.sessions.create(buildSessionParams(request, deps.siteUrl, deps.shopTimeZone));
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  return { ok: true, sessionId: session.id, url: session.url };
}

/** What the buyer reads beside Stripe's Pay button: the delivery they are paying for. */
export function deliveryMessage(request: Pick<CheckoutRequest, 'deliveryDate' | 'deliveryWindow'>, shopTimeZone: string): string {
  const format = shopTimeFormatter(shopTimeZone);
  const window = request.deliveryWindow ? `, ${format.deliveryWindow(request.deliveryWindow)}` : '';
  return `Delivery on ${format.deliveryDate(request.deliveryDate)}${window}. Your order confirmation follows by email.`;
}

export function buildSessionParams(request: CheckoutRequest, siteUrl: string, shopTimeZone: string): Stripe.Checkout.SessionCreateParams {
  return {
    mode: 'payment',
    line_items: request.lines.map((line) => ({ price: line.priceId, quantity: line.quantity })),
    // Built from configuration, never from the request, so a forged Origin cannot redirect buyers elsewhere.
    success_url: `${siteUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${siteUrl}/checkout/canceled`,
    shipping_address_collection: { allowed_countries: SHIPPING_COUNTRIES },
    metadata: { delivery_date: request.deliveryDate, ...(request.deliveryWindow ? { delivery_window: request.deliveryWindow } : {}) },
    custom_text: { submit: { message: deliveryMessage(request, shopTimeZone) } },
  };
}
