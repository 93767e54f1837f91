/** The delivery windows the kitchen runs, on the shop's wall clock (SHOP_TIME_ZONE). */
export const DELIVERY_WINDOWS = ['08:00-10:00', '10:00-12:00', '12:00-14:00', '14:00-16:00', '16:00-18:00'] as const;

export type DeliveryWindow = (typeof DELIVERY_WINDOWS)[number];

export function isDeliveryWindow(value: unknown): value is DeliveryWindow {
  return typeof value === 'string' && (DELIVERY_WINDOWS as readonly string[]).includes(value);
}
