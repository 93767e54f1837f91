import type { PostalAddress } from '../orders/order';
import { isDeliveryWindow } from '../checkout/delivery-window';
import { isDeliveryWeekday, type PlanDelivery } from './plan';

/**
 * The plan's delivery details travel in the subscription's metadata (set at Checkout), so every
 * subscription and invoice event carries them and one event alone is enough to build its delivery.
 */
export type PlanMetadata = Record<string, string>;

export function deliveryMetadata(delivery: PlanDelivery): PlanMetadata {
  const address = delivery.address;
  const entries: [string, string | null | undefined][] = [
    ['delivery_weekday', delivery.weekday],
    ['delivery_window', delivery.window],
    ['delivery_name', delivery.recipient],
    ['delivery_line1', address?.line1],
    ['delivery_line2', address?.line2],
    ['delivery_city', address?.city],
    ['delivery_state', address?.state],
    ['delivery_postal_code', address?.postalCode],
    ['delivery_country', address?.country],
  ];
  return Object.fromEntries(entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
}

export function deliveryFromMetadata(metadata: Record<string, string> | null | undefined): PlanDelivery {
  const value = (key: string): string | null => {
    const found = metadata?.[key];
    return typeof found === 'string' && found !== '' ? found : null;
  };
  const address: PostalAddress = {
    line1: value('delivery_line1'),
    line2: value('delivery_line2'),
    city: value('delivery_city'),
    state: value('delivery_state'),
    postalCode: value('delivery_postal_code'),
    country: value('delivery_country'),
  };
  const weekday = value('delivery_weekday');
  const window = value('delivery_window');
  return {
    weekday: isDeliveryWeekday(weekday) ? weekday : null,
    window: isDeliveryWindow(window) ? window : null,
    recipient: value('delivery_name'),
    address: address.line1 ? address : null,
  };
}
