import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { CatalogItem } from '../catalog/catalog';
import { deliveryMessage, SHIPPING_COUNTRIES } from '../checkout/create-checkout';
import { checkDeliverySlot, type SlotRules } from '../../domain/checkout/delivery-date';
import { ORDER_NOTES_FIELDS } from '../checkout/order-notes';
import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { Mailer } from '../../domain/mail/mailer';
import type { ShopDetails } from '../../config/shop';
import { quoteEmail } from './quote-email';
import { quoteRequestSchema, type QuoteLine, type QuoteRequest } from '../../domain/quotes/quote-request';

export interface QuoteDeps {
  stripe: Stripe;
  lookupPrices: (priceIds: readonly string[]) => Promise<Map<string, CatalogItem>>;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  siteUrl: string;
  shopTimeZone: string;
  /** The kitchen's lead time and delivery windows (quotes may exceed the daily capacity: staff decide). */
  rules: SlotRules;
  shop: ShopDetails;
  /** Quote ids; random unless a test fixes them. */
  newQuoteId?: () => string;
}

export interface QuoteError {
  message: string;
  field?: string;
}

export interface CreatedQuote {
  quoteId: string;
  paymentLinkId: string;
  /** The link with the customer's email prefilled: what the email carries. */
  url: string;
  /** False when the email could not be sent: staff pass the link on themselves. */
  emailed: boolean;
}

export type QuoteResult = { ok: true; quote: CreatedQuote } | { ok: false; error: QuoteError };

// Crockford's base32, as order numbers use: nothing read out on the phone is misheard.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function randomQuoteId(): string {
  return `Q-${[...randomBytes(6)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
}

interface PricedLine {
  item: Stripe.PaymentLinkCreateParams.LineItem;
  name: string;
  quantity: number;
  amountTotal: number;
}

/** Catalog lines at Stripe's current price; custom lines as an ad-hoc `price_data` in the catalog's currency. */
async function priceLines(deps: QuoteDeps, lines: QuoteLine[]): Promise<{ ok: true; lines: PricedLine[]; currency: string } | { ok: false; error: QuoteError }> {
  const catalogIds = lines.flatMap((line) => (line.kind === 'catalog' ? [line.priceId] : []));
  const catalog = catalogIds.length > 0 ? await deps.lookupPrices(catalogIds) : new Map<string, CatalogItem>();
  const currencies = new Set([...catalog.values()].map((item) => item.currency));
  if (currencies.size > 1) return { ok: false, error: { message: 'The catalog items quoted are priced in different currencies.', field: 'lines' } };
  const currency = [...currencies][0] ?? 'usd';
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.kind === 'custom') {
      priced.push({
        item: { price_data: { currency, unit_amount: line.unitAmount, product_data: { name: line.name } }, quantity: line.quantity },
        name: line.name,
        quantity: line.quantity,
        amountTotal: line.unitAmount * line.quantity,
      });
      continue;
    }
    const item = catalog.get(line.priceId);
    if (!item) return { ok: false, error: { message: 'One of the catalog items is no longer available.', field: `lines.${index}.priceId` } };
    priced.push({ item: { price: item.priceId, quantity: line.quantity }, name: item.name, quantity: line.quantity, amountTotal: item.unitAmount * line.quantity });
  }
  return { ok: true, lines: priced, currency };
}

/**
 * Staff quote a large or custom order: a Stripe Payment Link whose metadata carries the delivery details
 * (Stripe copies it onto the Checkout Session, so the paid session becomes an order through the same webhook
 * as a cart checkout), emailed to the customer with their email prefilled. Amounts come from Stripe's prices
 * or from staff, never from the customer.
 */
export async function createQuote(deps: QuoteDeps, staffEmail: string, input: unknown): Promise<QuoteResult> {
  const parsed = quoteRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { message: issue?.message ?? 'Invalid quote', field: issue?.path.join('.') || undefined } };
  }
  const request: QuoteRequest = parsed.data;
  const slot = checkDeliverySlot(request.deliveryDate, request.deliveryWindow, deps.clock.now(), deps.shopTimeZone, deps.rules);
  if (!slot.ok) return { ok: false, error: { message: slot.message, field: slot.field } };
  const priced = await priceLines(deps, request.lines);
  if (!priced.ok) return priced;

  const quoteId = (deps.newQuoteId ?? randomQuoteId)();
  const link = await deps.stripe.paymentLinks.create(
    {
      line_items: priced.lines.map((line) => line.item),
      after_completion: { type: 'redirect', redirect: { url: `${deps.siteUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}` } },
      // The same keys a cart checkout sets, so the order reads its delivery details the same way.
      metadata: { delivery_date: request.deliveryDate, delivery_window: request.deliveryWindow, quote_id: quoteId, quoted_by: staffEmail },
      shipping_address_collection: { allowed_countries: SHIPPING_COUNTRIES },
      // A quote is paid once: Stripe deactivates the link after its first completed checkout.
      restrictions: { completed_sessions: { limit: 1 } },
      custom_text: { submit: { message: deliveryMessage(request, deps.shopTimeZone) } },
      // What a cart checkout asks too: the kitchen's phone contact, order notes and dietary requirements.
      phone_number_collection: { enabled: true },
      custom_fields: ORDER_NOTES_FIELDS,
    },
    // A retried request (a lost reply) creates one link, not two.
    { idempotencyKey: `quote:${quoteId}` },
  );
  const url = `${link.url}?prefilled_email=${encodeURIComponent(request.customerEmail)}`;
  const emailed = await sendQuote(deps, { quoteId, to: request.customerEmail, url, lines: priced.lines, currency: priced.currency, deliveryDate: request.deliveryDate, deliveryWindow: request.deliveryWindow, shop: deps.shop });
  deps.logger.info({ quoteId, paymentLink: link.id, emailed }, 'quote created');
  return { ok: true, quote: { quoteId, paymentLinkId: link.id, url, emailed } };
}

/**
 * Sent directly, not through the follow-up queue: a quote is not a webhook's consequence with a transaction
 * to join, and the staff member is on the page — a failed send is shown with the link to pass on by hand.
 */
async function sendQuote(deps: QuoteDeps, input: Parameters<typeof quoteEmail>[0]): Promise<boolean> {
  try {
    await deps.mailer.send(quoteEmail(input));
    return true;
  } catch (error) {
    deps.logger.warn({ quoteId: input.quoteId, err: error }, 'quote email not sent');
    return false;
  }
}
