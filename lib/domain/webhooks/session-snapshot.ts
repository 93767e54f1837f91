import type { OrderItem, OrderShipping, PostalAddress } from '../orders/order';
import type { SessionSnapshot } from '../orders/order-state';
import { isDeliveryWindow } from '../checkout/delivery-window';
import { orderNotesOf } from '../checkout/order-notes';
import { idOf, type AddressShape, type CheckoutSessionShape, type LineItemShape } from './stripe-shapes';

function toAddress(address: AddressShape | null | undefined): PostalAddress | null {
  if (!address) return null;
  return {
    line1: address.line1 ?? null,
    line2: address.line2 ?? null,
    city: address.city ?? null,
    state: address.state ?? null,
    postalCode: address.postal_code ?? null,
    country: address.country ?? null,
  };
}

function toShipping(session: CheckoutSessionShape): OrderShipping | null {
  const details = session.collected_information?.shipping_details;
  if (!details) return null;
  return { name: details.name ?? null, address: toAddress(details.address) };
}

export function toOrderItem(lineItem: LineItemShape): OrderItem {
  const price = lineItem.price;
  const product = price?.product;
  const known = product && typeof product !== 'string' && !product.deleted ? product : null;
  const productName = known?.name ?? null;
  const serves = Number.parseInt(known?.metadata?.serves ?? '', 10);
  const quantity = lineItem.quantity ?? 1;
  return {
    priceId: price?.id ?? null,
    productId: typeof product === 'string' ? product : (product?.id ?? null),
    name: productName ?? lineItem.description ?? 'Catering package',
    quantity,
    unitAmount: price?.unit_amount ?? Math.round(lineItem.amount_total / quantity),
    amountTotal: lineItem.amount_total,
    ...(Number.isFinite(serves) && serves > 0 ? { serves } : {}),
  };
}

/** Copies what the shop keeps from a Checkout Session; the rest stays in Stripe. */
export function toSessionSnapshot(session: CheckoutSessionShape, items: OrderItem[] | null): SessionSnapshot {
  return {
    sessionId: session.id,
    currency: session.currency ?? null,
    amountSubtotal: session.amount_subtotal ?? null,
    amountTotal: session.amount_total ?? null,
    customer: session.customer_details
      ? { email: session.customer_details.email ?? null, name: session.customer_details.name ?? null }
      : session.customer_email
        ? { email: session.customer_email, name: null }
        : null,
    shipping: toShipping(session),
    deliveryDate: session.metadata?.delivery_date ?? null,
    deliveryWindow: isDeliveryWindow(session.metadata?.delivery_window) ? session.metadata.delivery_window : null,
    paymentIntentId: idOf(session.payment_intent),
    sessionCreated: session.created,
    items,
    phone: session.customer_details?.phone ?? null,
    ...orderNotesOf(session),
  };
}
