import { restoreCartPath } from '../../domain/cart/cart-restore';
import { addressLine } from '../../domain/format/address';
import { shopTimeFormatter } from '../../domain/format/shop-time';
import { formatMoney } from '../../domain/money';
import type { Order } from '../../domain/orders/order';
import { firstName, totalServings } from '../../domain/orders/order';
import { orderNumberOf } from '../../domain/orders/order-number';
import { getShopDetails, type ShopDetails } from '../../config/shop';
import type { MailMessage } from '../../domain/mail/mailer';

/** What every order email needs besides the order: where links point and who the shop is. */
export interface OrderMailInput {
  order: Order;
  siteUrl: string;
  /** Defaults to the process's configured shop (SHOP_* variables). */
  shop?: ShopDetails;
}

function greeting(name: string | null): string {
  const first = firstName({ email: null, name });
  return first ? `Hi ${first},` : 'Hello,';
}

function itemLines(order: Order): string[] {
  const currency = order.currency ?? 'usd';
  return order.items.map((item) => {
    const serves = item.serves ? ` (serves ${item.serves} each)` : '';
    return `  ${item.quantity} × ${item.name}${serves} — ${formatMoney(item.amountTotal, currency)}`;
  });
}

/** "Friday, December 4, 2026, 10:00 AM – 12:00 PM", in the shop's zone; null without a date. */
export function deliveryWhen(order: Pick<Order, 'deliveryDate' | 'deliveryWindow'>, timeZone: string): string | null {
  if (!order.deliveryDate) return null;
  const format = shopTimeFormatter(timeZone);
  return `${format.deliveryDate(order.deliveryDate)}${order.deliveryWindow ? `, ${format.deliveryWindow(order.deliveryWindow)}` : ''}`;
}

function deliveryBlock(order: Order, shop: ShopDetails): string[] {
  const where = [order.shipping?.name, addressLine(order.shipping?.address)].filter(Boolean).join(', ');
  return ['Delivery', `  When:  ${deliveryWhen(order, shop.timeZone) ?? 'to be arranged with you'}`, `  Where: ${where || 'to be arranged with you'}`, ...notesLines(order)];
}

/** The buyer's notes and dietary requirements as they gave them on the payment page, so they can check them. */
function notesLines(order: Order): string[] {
  return [
    ...(order.notes ? [`  Notes: ${order.notes}`] : []),
    ...(order.dietaryRequirements ? [`  Dietary requirements: ${order.dietaryRequirements}`] : []),
  ];
}

function contactBlock(shop: ShopDetails, orderNumber: string | null): string[] {
  return [
    `Questions, changes or cancellations${orderNumber ? ` (quote ${orderNumber})` : ''}:`,
    `  ${shop.phone} · ${shop.email}`,
    `  ${shop.address}`,
    '',
    `Cancellations: ${shop.cancellationPolicy}`,
    `Allergens: ${shop.allergenPolicy}`,
    '',
    `— ${shop.name}`,
  ];
}

export function invitationKey(username: string): string {
  return `invitation:${username}`;
}

/** The invitation a new buyer receives (locally; in the cloud Cognito sends its own template). */
export function invitationEmail(input: {
  to: string;
  name: string | null;
  temporaryPassword: string;
  siteUrl: string;
  username: string;
  shop?: ShopDetails;
}): MailMessage {
  const shop = input.shop ?? getShopDetails();
  return {
    key: invitationKey(input.username),
    to: input.to,
    subject: `Your ${shop.name} account`,
    text: [
      greeting(input.name),
      '',
      'Thank you for your order! Your receipt comes in a separate email. We also created an account for you so you can follow your orders.',
      '',
      `Sign in at ${input.siteUrl}/orders with:`,
      `  Email: ${input.to}`,
      `  Temporary password: ${input.temporaryPassword}`,
      '',
      'You will be asked to choose a new password the first time you sign in.',
      '',
      ...contactBlock(shop, null),
    ].join('\n'),
  };
}

export function receiptKey(orderId: string): string {
  return `receipt:${orderId}`;
}

/** The order confirmation every paying buyer gets, new or returning: everything a caterer's customer needs. */
export function receiptEmail({ order, siteUrl, shop = getShopDetails() }: OrderMailInput): MailMessage {
  const number = orderNumberOf(order);
  const currency = order.currency ?? 'usd';
  const servings = totalServings(order.items);
  return {
    key: receiptKey(order.id),
    to: order.customer?.email ?? '',
    subject: `Order ${number} confirmed — ${shop.name}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      `Thank you! Your payment was received and order ${number} is confirmed.`,
      '',
      ...deliveryBlock(order, shop),
      '',
      'Your order',
      ...itemLines(order),
      ...(servings ? [`  Serves about ${servings} people`] : []),
      ...(order.amountTotal != null ? [`  Total paid: ${formatMoney(order.amountTotal, currency)}`] : []),
      '',
      'What happens next',
      '  1. Our kitchen prepares everything fresh on the day of delivery.',
      '  2. We deliver within your time window and set up on arrival.',
      `  3. Need a change? Tell us at least 48 hours ahead: ${shop.email} or ${shop.phone}.`,
      '',
      `Your order online: ${siteUrl}/orders/${order.id}`,
      '',
      ...contactBlock(shop, number),
    ].join('\n'),
  };
}

/** A delayed payment (bank debit) did not go through: nothing charged, and a way back to the same cart. */
export function paymentFailedEmail({ order, siteUrl, shop = getShopDetails() }: OrderMailInput): MailMessage {
  const number = orderNumberOf(order);
  const items = itemLines(order);
  return {
    key: `payment-failed:${order.id}`,
    to: order.customer?.email ?? '',
    subject: `Payment for order ${number} did not go through — ${shop.name}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      `Your bank did not complete the payment for order ${number}, so the order is not confirmed and nothing was charged.`,
      ...(items.length > 0 ? ['', 'The order was for', ...items] : []),
      '',
      `Your cart is waiting with the same items: ${siteUrl}${restoreCartPath(order.items, 'payment_failed')}`,
      'Choose a delivery date and pay with a card or another account.',
      '',
      ...contactBlock(shop, number),
    ].join('\n'),
  };
}

export function refundKey(orderId: string, amountRefunded: number): string {
  return `refund:${orderId}:${amountRefunded}`;
}

/** A refund: a full refund is the order's cancellation; a partial one says how much and what is left. */
export function refundEmail({ order, siteUrl, shop = getShopDetails() }: OrderMailInput): MailMessage {
  const number = orderNumberOf(order);
  const currency = order.currency ?? 'usd';
  const refunded = formatMoney(order.amountRefunded, currency);
  const cancelled = order.status === 'refunded';
  const when = deliveryWhen(order, shop.timeZone);
  const body = cancelled
    ? [
        `Order ${number}${when ? ` for ${when}` : ''} is cancelled and we refunded the full ${refunded}.`,
        'There will be no delivery.',
      ]
    : [
        `We refunded ${refunded} of order ${number}.`,
        ...(order.amountTotal != null ? [`You paid ${formatMoney(order.amountTotal - order.amountRefunded, currency)} in total after the refund.`] : []),
        when ? `Your delivery on ${when} goes ahead as planned.` : 'Your delivery goes ahead as planned.',
      ];
  return {
    key: refundKey(order.id, order.amountRefunded),
    to: order.customer?.email ?? '',
    subject: cancelled ? `Order ${number} cancelled and refunded — ${shop.name}` : `Partial refund for order ${number} — ${shop.name}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      ...body,
      'Refunds reach your card or account within 5–10 business days, depending on your bank.',
      '',
      `Your order online: ${siteUrl}/orders/${order.id}`,
      '',
      ...contactBlock(shop, number),
    ].join('\n'),
  };
}

/** A self sign-up's verification code (locally: read from cognito-local's console into the outbox). */
export function verificationCodeEmail(input: { to: string; username: string; code: string; shop?: ShopDetails }): MailMessage {
  const shop = input.shop ?? getShopDetails();
  return {
    key: `verification:${input.username}:${input.code}`,
    to: input.to,
    subject: `Your ${shop.name} verification code`,
    text: [`Your verification code is ${input.code}`, '', 'Enter it on the sign-in page to confirm your email address.', '', `— ${shop.name}`].join('\n'),
  };
}

/** Paid after the date filled up (the checkout's hold had lapsed): the whole payment is refunded, and why. */
export function dateFullyBookedEmail({ order, siteUrl, shop = getShopDetails() }: OrderMailInput): MailMessage {
  const number = orderNumberOf(order);
  const when = deliveryWhen(order, shop.timeZone);
  return {
    key: `date-fully-booked:${order.id}`,
    to: order.customer?.email ?? '',
    subject: `Order ${number} could not be accepted: ${when ? 'that date' : 'the date'} is fully booked — ${shop.name}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      `We're sorry: ${when ?? 'the delivery date you chose'} filled up while your checkout was open, so we cannot cater order ${number}.`,
      'We have refunded your payment in full; there will be no delivery.',
      'Refunds reach your card or account within 5–10 business days, depending on your bank.',
      '',
      `Your cart is waiting with the same items if you would like another date: ${siteUrl}${restoreCartPath(order.items, 'date_full')}`,
      '',
      ...contactBlock(shop, number),
    ].join('\n'),
  };
}
