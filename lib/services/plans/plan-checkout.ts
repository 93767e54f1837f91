import type Stripe from 'stripe';
import { z } from 'zod';
import { DELIVERY_WINDOWS } from '../../domain/checkout/delivery-window';
import { DELIVERY_WEEKDAYS } from '../../domain/plans/plan';
import { deliveryMetadata } from '../../domain/plans/plan-metadata';
import { findPlanOffering } from './plan-offerings';

const text = (max: number) => z.string().trim().min(1).max(max);

/** The plans page's form: which plan, how many, and where and when it is delivered. */
export const planCheckoutSchema = z.strictObject({
  priceId: z.string().regex(/^price_[A-Za-z0-9_]{1,100}$/, 'Choose a plan'),
  quantity: z.coerce.number().int().min(1, 'At least 1').max(50, 'At most 50'),
  weekday: z.enum(DELIVERY_WEEKDAYS, { error: 'Choose a delivery day' }),
  window: z.enum(DELIVERY_WINDOWS, { error: 'Choose a delivery time' }),
  recipient: text(100),
  line1: text(200),
  line2: z.string().trim().max(200).optional().default(''),
  city: text(100),
  state: z.string().trim().regex(/^[A-Za-z]{2}$/, 'Use the two-letter state code'),
  postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Use a five-digit ZIP code'),
});

export type PlanCheckoutInput = z.infer<typeof planCheckoutSchema>;

export type PlanCheckoutResult = { ok: true; url: string } | { ok: false; code: 'invalid_request' | 'unavailable_plan'; field?: string };

/**
 * Opens a Checkout Session in subscription mode for a plan on sale. The delivery details go into the
 * subscription's metadata, so every later subscription and invoice event carries them.
 */
export async function createPlanCheckout(deps: { stripe: Stripe; siteUrl: string }, input: unknown): Promise<PlanCheckoutResult> {
  const parsed = planCheckoutSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'invalid_request', field: parsed.error.issues[0]?.path.join('.') };
  const form = parsed.data;
  const offering = await findPlanOffering(deps.stripe, form.priceId);
  if (!offering) return { ok: false, code: 'unavailable_plan', field: 'priceId' };

  const metadata = deliveryMetadata({
    weekday: form.weekday,
    window: form.window,
    recipient: form.recipient,
    address: { line1: form.line1, line2: form.line2 || null, city: form.city, state: form.state.toUpperCase(), postalCode: form.postalCode, country: 'US' },
  });
  const session = await deps.stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: offering.priceId, quantity: form.quantity }],
    // Built from configuration, never from the request.
    success_url: `${deps.siteUrl}/account?subscribed={CHECKOUT_SESSION_ID}`,
    cancel_url: `${deps.siteUrl}/plans`,
    metadata,
    subscription_data: { metadata },
  });
  if (!session.url) throw new Error(`Checkout Session ${session.id} has no URL`);
  return { ok: true, url: session.url };
}
