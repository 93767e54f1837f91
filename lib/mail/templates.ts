import { SHOP_NAME } from '../shop';
import { formatMoney } from '../money';
import type { Order } from '../orders/order';
import type { MailMessage } from './mailer';

function greeting(name: string | null): string {
  const first = name?.trim().split(/\s+/)[0];
  return first ? `Hi ${first},` : 'Hello,';
}

function orderLines(order: Order): string {
  const currency = order.currency ?? 'usd';
  const lines = order.items.map((item) => `  ${item.quantity} × ${item.name} — ${formatMoney(item.amountTotal, currency)}`);
  if (order.amountTotal != null) lines.push(`  Total: ${formatMoney(order.amountTotal, currency)}`);
  return lines.join('\n');
}

export function invitationKey(username: string): string {
  return `invitation:${username}`;
}

/** The invitation a new buyer receives (locally; in the cloud Cognito sends its own template). */
export function invitationEmail(input: { to: string; name: string | null; temporaryPassword: string; siteUrl: string; username: string }): MailMessage {
  return {
    key: invitationKey(input.username),
    to: input.to,
    subject: `Your ${SHOP_NAME} account`,
    text: [
      greeting(input.name),
      '',
      `Thank you for your order! We created an account for you so you can follow it.`,
      '',
      `Sign in at ${input.siteUrl}/orders with:`,
      `  Email: ${input.to}`,
      `  Temporary password: ${input.temporaryPassword}`,
      '',
      'You will be asked to choose a new password the first time you sign in.',
      '',
      `— ${SHOP_NAME}`,
    ].join('\n'),
  };
}

/** Sent to a buyer who already has an account, instead of an invitation. */
export function orderReceivedEmail(input: { order: Order; siteUrl: string }): MailMessage {
  const { order } = input;
  return {
    key: `order-received:${order.id}`,
    to: order.customer?.email ?? '',
    subject: `We received your order — ${SHOP_NAME}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      `Your payment was received and your order is confirmed${order.deliveryDate ? ` for delivery on ${order.deliveryDate}` : ''}.`,
      '',
      orderLines(order),
      '',
      `See it any time at ${input.siteUrl}/orders/${order.id}`,
      '',
      `— ${SHOP_NAME}`,
    ].join('\n'),
  };
}

/** A delayed payment (bank debit) did not go through. */
export function paymentFailedEmail(input: { order: Order; siteUrl: string }): MailMessage {
  const { order } = input;
  return {
    key: `payment-failed:${order.id}`,
    to: order.customer?.email ?? '',
    subject: `Your payment did not go through — ${SHOP_NAME}`,
    text: [
      greeting(order.customer?.name ?? null),
      '',
      'Your bank did not complete the payment for your catering order, so the order is not confirmed and nothing was charged.',
      '',
      orderLines(order),
      '',
      `You can order again at ${input.siteUrl}/cart with another payment method.`,
      '',
      `— ${SHOP_NAME}`,
    ].join('\n'),
  };
}

/** A self sign-up's verification code (locally: read from cognito-local's console into the outbox). */
export function verificationCodeEmail(input: { to: string; username: string; code: string }): MailMessage {
  return {
    key: `verification:${input.username}:${input.code}`,
    to: input.to,
    subject: `Your ${SHOP_NAME} verification code`,
    text: [`Your verification code is ${input.code}`, '', 'Enter it on the sign-in page to confirm your email address.', '', `— ${SHOP_NAME}`].join('\n'),
  };
}
