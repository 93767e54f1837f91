import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { CAPACITY_HOLD_METADATA } from '../../domain/capacity/capacity-jobs';
import type { CapacityStore } from '../../domain/capacity/capacity-store';
import { cartServings } from '../../domain/capacity/servings';
import type { CatalogItem } from '../catalog/catalog';
import type { Clock } from '../../domain/clock';
import { shopTimeFormatter } from '../../domain/format/shop-time';
import type { CateringRules } from '../../domain/checkout/catering-rules';
import { checkoutRequestSchema, type CheckoutRequest } from '../../domain/checkout/checkout-request';
import { checkDeliverySlot } from '../../domain/checkout/delivery-date';
import { ORDER_NOTES_FIELDS } from './order-notes';
import { checkoutSessionExpiresAt } from '../../domain/checkout/session-lifetime';

export interface CheckoutDeps {
  stripe: Stripe;
  /** The catalog items for these price ids, fresh from Stripe; unavailable ones are missing. */
  lookupPrices: (priceIds: readonly string[]) => Promise<Map<string, CatalogItem>>;
  siteUrl: string;
  shopTimeZone: string;
  clock: Clock;
  /** Lead time, delivery windows and the daily capacity. */
  rules: CateringRules;
  /** Where each checkout holds its servings until the session is paid or expires. */
  capacity: CapacityStore;
  /** A fresh hold id per checkout; random unless a test fixes it. */
  newHoldId?: () => string;
}

export interface CheckoutError {
  code: 'invalid_request' | 'unavailable_price' | 'invalid_delivery_date' | 'invalid_delivery_window' | 'date_full';
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

  const slot = checkDeliverySlot(request.deliveryDate, request.deliveryWindow, deps.clock.now(), deps.shopTimeZone, deps.rules);
  if (!slot.ok) {
    const code = slot.field === 'deliveryDate' ? 'invalid_delivery_date' : 'invalid_delivery_window';
    return { ok: false, error: { code, message: slot.message, field: slot.field } };
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

  // The servings are held before the session exists, so two buyers racing for the last of a date cannot both reach payment.
  const hold = { holdId: (deps.newHoldId ?? randomUUID)(), date: request.deliveryDate, servings: cartServings(request.lines, catalog) };
  const reserved = await deps.capacity.reserve(hold, deps.rules.dailyCapacityServings);
  if (!reserved.ok) return { ok: false, error: dateFullError(request.deliveryDate, reserved.remaining, deps.shopTimeZone) };

  let session: Stripe.Checkout.Session;
  try {
    const params = buildSessionParams(request, deps.siteUrl, deps.shopTimeZone);
    session = await deps.stripe.checkout.sessions.create({
      ...params,
      metadata: { ...params.metadata, [CAPACITY_HOLD_METADATA]: hold.holdId },
      // The hold lasts as long as the session: Stripe's shortest expiry, released by checkout.session.expired.
      expires_at: checkoutSessionExpiresAt(deps.clock.now()),
    });
  } catch (error) {
    // No session, so no webhook will ever release it: give the servings back now.
    await deps.capacity.release(hold.holdId).catch(() => false);
    throw error;
  }
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  return { ok: true, sessionId: session.id, url: session.url };
}

function dateFullError(date: string, remaining: number, shopTimeZone: string): CheckoutError {
  const day = shopTimeFormatter(shopTimeZone).deliveryDate(date);
  const message =
    remaining > 0
      ? `We can only cater ${remaining} more servings on ${day}. Please choose another delivery date or a smaller order.`
      : `We're fully booked on ${day}. Please choose another delivery date.`;
  return { code: 'date_full', message, field: 'deliveryDate' };
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
    custom_fields: ORDER_NOTES_FIELDS,
    // The kitchen calls the customer about the delivery (Checkout makes the number required when enabled).
    phone_number_collection: { enabled: true },
  };
}
