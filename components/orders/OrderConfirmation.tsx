import { OrderSummaryList } from '@/components/checkout/OrderSummaryList';
import { addressLine } from '@/lib/domain/format/address';
import { shopTimeFormatter } from '@/lib/domain/format/shop-time';
import type { Order } from '@/lib/domain/orders/order';
import { orderNumberOf } from '@/lib/domain/orders/order-number';
import type { ShopDetails } from '@/lib/config/shop';
import { OrderHelp } from './OrderHelp';

interface OrderConfirmationProps {
  order: Order;
  shop: ShopDetails;
  paid: boolean;
}

/** The delivery's town, not the street: the success page is reachable by its URL, so the full address stays in the email and the signed-in order page. */
function deliveryArea(order: Order): string | null {
  const address = order.shipping?.address;
  return address ? addressLine({ line1: null, line2: null, city: address.city, state: address.state, postalCode: address.postalCode, country: null }) : null;
}

/** What a catering customer needs once they have paid (or while the bank settles): when, where, what, what next, whom to call. */
export function OrderConfirmation({ order, shop, paid }: OrderConfirmationProps) {
  const format = shopTimeFormatter(shop.timeZone);
  const orderNumber = orderNumberOf(order);
  const area = deliveryArea(order);
  return (
    <div className="confirmation">
      <p className="order-number">
        Order number <strong data-testid="order-number">{orderNumber}</strong>
      </p>
      <dl className="facts">
        <div>
          <dt>Delivery date</dt>
          <dd data-testid="delivery-date">{order.deliveryDate ? format.deliveryDate(order.deliveryDate) : 'To be arranged with you'}</dd>
        </div>
        <div>
          <dt>Time window</dt>
          <dd data-testid="delivery-window">{order.deliveryWindow ? format.deliveryWindow(order.deliveryWindow) : 'We will call to agree a time'}</dd>
        </div>
        {area ? (
          <div>
            <dt>Delivering to</dt>
            <dd>
              {area} <span className="hint">(full address in your email)</span>
            </dd>
          </div>
        ) : null}
      </dl>
      <OrderSummaryList items={order.items} amountTotal={order.amountTotal} currency={order.currency} paid={paid} />
      <section aria-labelledby="next-heading" className="next-steps">
        <h2 id="next-heading">What happens next</h2>
        <ol>
          {paid ? (
            <li>We email your receipt with order number {orderNumber}.</li>
          ) : (
            <li>Your bank confirms the payment, usually within a few days; we email you as soon as it does.</li>
          )}
          <li>Our kitchen prepares everything fresh on the day of delivery.</li>
          <li>We deliver within your time window and set everything up.</li>
        </ol>
      </section>
      <section aria-labelledby="contact-heading" className="contact">
        <h2 id="contact-heading">Questions or changes?</h2>
        <p>
          Quote <strong>{orderNumber}</strong> and reach {shop.name}:
        </p>
        <OrderHelp shop={shop} orderNumber={orderNumber} />
      </section>
    </div>
  );
}
