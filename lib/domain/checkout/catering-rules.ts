import { DELIVERY_WINDOWS, type DeliveryWindow } from './delivery-window';

/** The kitchen's rules a checkout must meet (configured: CHECKOUT_LEAD_TIME_HOURS, DELIVERY_WINDOWS, DAILY_CAPACITY_SERVINGS). */
export interface CateringRules {
  /** Hours between checkout and the start of the delivery window, counted on real time in the shop's zone. */
  leadTimeHours: number;
  /** The windows offered, in time order, on the shop's wall clock. */
  deliveryWindows: readonly DeliveryWindow[];
  /** Servings the kitchen can make per delivery date (held and paid orders count). */
  dailyCapacityServings: number;
}

export const DEFAULT_LEAD_TIME_HOURS = 48;
export const DEFAULT_DAILY_CAPACITY_SERVINGS = 400;

export const DEFAULT_CATERING_RULES: CateringRules = {
  leadTimeHours: DEFAULT_LEAD_TIME_HOURS,
  deliveryWindows: DELIVERY_WINDOWS,
  dailyCapacityServings: DEFAULT_DAILY_CAPACITY_SERVINGS,
};
