import { addDays } from '../lib/domain/checkout/delivery-date';
import { DELIVERY_WINDOWS } from '../lib/domain/checkout/delivery-window';

/** Far enough past any lead time the shop allows by default (48 h), yet well inside the year it accepts. */
const FIRST_DAY_AHEAD = 7;
/** Dates the requests rotate over, so no single day's capacity decides the figure. */
const DAYS_SPREAD = 300;

/**
 * Bodies for POST /api/checkout that the shop's rules accept: a delivery date a week or more ahead in turn,
 * at a window the kitchen runs. The checkout row measures the route's work, not its refusals.
 */
export function checkoutRequests(priceId: string, today = new Date()): () => { body: string; headers: Record<string, string> } {
  const start = today.toISOString().slice(0, 10);
  const window = DELIVERY_WINDOWS[2];
  let next = 0;
  return () => {
    const deliveryDate = addDays(start, FIRST_DAY_AHEAD + (next++ % DAYS_SPREAD));
    const body = JSON.stringify({ lines: [{ priceId, quantity: 1 }], deliveryDate, deliveryWindow: window });
    return { body, headers: { 'content-type': 'application/json', accept: 'application/json' } };
  };
}
