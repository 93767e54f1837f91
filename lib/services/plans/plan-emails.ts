import type { MailMessage } from '../../domain/mail/mailer';
import { formatMoney } from '../../domain/money';
import { firstName } from '../../domain/orders/order';
import type { ShopDetails } from '../../config/shop';
import type { RenewalFailure } from '../../domain/plans/renewal-failure';

export function renewalFailedKey(invoiceId: string): string {
  return `plan-payment-failed:${invoiceId}`;
}

/** A renewal's card payment failed: no delivery for that period until it is paid, and how to fix it. */
export function renewalFailedEmail(input: { failure: RenewalFailure; siteUrl: string; shop: ShopDetails }): MailMessage {
  const { failure, siteUrl, shop } = input;
  const first = firstName({ email: null, name: failure.name });
  const payLine = failure.hostedInvoiceUrl ? [`Pay this invoice now: ${failure.hostedInvoiceUrl}`] : [];
  return {
    key: renewalFailedKey(failure.invoiceId),
    to: failure.email,
    subject: `Your catering plan payment did not go through — ${shop.name}`,
    text: [
      first ? `Hi ${first},` : 'Hello,',
      '',
      `We could not charge ${formatMoney(failure.amount, failure.currency)} for the next period of your catering plan, so that delivery is on hold.`,
      '',
      ...payLine,
      `Update your card under "Manage plan": ${siteUrl}/account`,
      'Once the payment goes through, the delivery is scheduled again and you get a receipt.',
      '',
      `Questions: ${shop.phone} · ${shop.email}`,
      '',
      `— ${shop.name}`,
    ].join('\n'),
  };
}
