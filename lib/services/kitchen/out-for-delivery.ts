import type { CustomerEmailDeps } from '../followups/order-receipt';
import { sendOnce } from '../followups/send-once';
import { deliveryWhen } from '../mail/templates';
import type { MailMessage } from '../../domain/mail/mailer';
import { addressLine } from '../../domain/format/address';
import type { Order } from '../../domain/orders/order';
import { firstName } from '../../domain/orders/order';
import { orderNumberOf } from '../../domain/orders/order-number';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import { getShopDetails, type ShopDetails } from '../../config/shop';
import { ORDER_OUT_FOR_DELIVERY } from '../../domain/followups/job-kinds';


/** Enqueued with the fulfilment change itself; one email per order however often the change is retried. */
export function outForDeliveryJob(orderId: string): FollowUpJob {
  return { key: `${ORDER_OUT_FOR_DELIVERY}:${orderId}`, kind: ORDER_OUT_FOR_DELIVERY, payload: { orderId } };
}

export function outForDeliveryEmail(input: { order: Order; siteUrl: string; shop?: ShopDetails }): MailMessage {
  const { order, siteUrl } = input;
  const shop = input.shop ?? getShopDetails();
  const number = orderNumberOf(order);
  const first = firstName(order.customer);
  const when = deliveryWhen(order, shop.timeZone);
  const where = [order.shipping?.name, addressLine(order.shipping?.address)].filter(Boolean).join(', ');
  return {
    key: `out-for-delivery:${order.id}`,
    to: order.customer?.email ?? '',
    subject: `Order ${number} is on its way — ${shop.name}`,
    text: [
      first ? `Hi ${first},` : 'Hello,',
      '',
      `Your order ${number} has left our kitchen and is on its way to you.`,
      ...(when ? [`Expected: ${when}`] : []),
      ...(where ? [`To: ${where}`] : []),
      '',
      `Follow it online: ${siteUrl}/orders/${order.id}`,
      '',
      `Questions? Call us on ${shop.phone} (quote ${number}).`,
      '',
      `— ${shop.name}`,
    ].join('\n'),
  };
}

export async function runOrderOutForDelivery(deps: CustomerEmailDeps, job: StoredFollowUp): Promise<void> {
  const order = await deps.store.getOrder(String(job.payload.orderId));
  if (!order?.customer?.email) return;
  await sendOnce(deps, job.key, job.progress, 'sent', outForDeliveryEmail({ order, siteUrl: deps.siteUrl, shop: deps.shop }));
}
