import { shopTimeFormatter } from '../../domain/format/shop-time';
import type { MailMessage } from '../../domain/mail/mailer';
import { formatMoney } from '../../domain/money';
import type { ShopDetails } from '../../config/shop';

export interface QuoteEmailInput {
  quoteId: string;
  to: string;
  url: string;
  lines: { name: string; quantity: number; amountTotal: number }[];
  currency: string;
  deliveryDate: string;
  deliveryWindow: string;
  shop: ShopDetails;
}

/** The customer's quote: what it covers, when it is delivered, and the link to pay it on Stripe. */
export function quoteEmail(input: QuoteEmailInput): MailMessage {
  const format = shopTimeFormatter(input.shop.timeZone);
  const total = input.lines.reduce((sum, line) => sum + line.amountTotal, 0);
  return {
    key: `quote:${input.quoteId}`,
    to: input.to,
    subject: `Your catering quote ${input.quoteId} — ${input.shop.name}`,
    text: [
      'Hello,',
      '',
      `Here is your quote ${input.quoteId}. Your order is confirmed once it is paid.`,
      '',
      `Delivery: ${format.deliveryDate(input.deliveryDate)}, ${format.deliveryWindow(input.deliveryWindow)}`,
      '',
      ...input.lines.map((line) => `  ${line.quantity} × ${line.name} — ${formatMoney(line.amountTotal, input.currency)}`),
      `  Total: ${formatMoney(total, input.currency)}`,
      '',
      `Pay securely with Stripe: ${input.url}`,
      '',
      `Questions or changes: ${input.shop.phone} · ${input.shop.email}`,
      '',
      `— ${input.shop.name}`,
    ].join('\n'),
  };
}
