import type Stripe from 'stripe';
import type { Core, RequestContext } from '../core';
import { StripeApiError, invalidParam, invalidRequest } from '../errors';
import { cardInfo } from '../payments/test-cards';
import { attachPaymentMethod, createCustomer, getCustomer } from '../resources/customers';
import type { ParamMap } from '../server/form';
import { applyMetadata, assertKnown, optMap, optString } from '../server/params';
import { createSubscription } from './subscriptions';

/** What a subscription-mode session carries into its subscription (kept in sessionExtras). */
export interface SubscriptionData {
  metadata: Record<string, string>;
  description: string | null;
}

/** The buyer as the hosted page (or /v1/payment_pages/:id/confirm) collected them. */
export interface Subscriber {
  email: string | null;
  name: string | null;
  address: Stripe.Address | null;
  shipping: { name: string; address: Stripe.Address } | null;
  phone?: string | null;
}

/** Session params for mode=subscription: `customer` (or `customer_email`) and `subscription_data`. */
export function subscriptionSessionOptions(core: Core, params: ParamMap, mode: string): { customer: string | null; data: SubscriptionData | null } {
  const customerId = optString(params, 'customer') || null;
  const raw = optMap(params, 'subscription_data');
  if (mode !== 'subscription') {
    if (raw) throw invalidRequest('You can only use `subscription_data` in `subscription` mode.', 'subscription_data');
    if (customerId) throw invalidParam('customer', 'Local Stripe takes `customer` on Checkout Sessions in subscription mode only.', 'parameter_invalid');
    return { customer: null, data: null };
  }
  if (params['payment_intent_data'] !== undefined) throw invalidRequest('You can not pass `payment_intent_data` in `subscription` mode.', 'payment_intent_data');
  if (customerId && params['customer_email'] !== undefined) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
  if (customerId) getCustomer(core, customerId, 'customer');
  if (raw) assertKnown(raw, ['metadata', 'description'], 'subscription_data');
  return {
    customer: customerId,
    data: { metadata: raw ? applyMetadata({}, raw) : {}, description: (raw && optString(raw, 'description', 'subscription_data[description]')) || null },
  };
}

function addressParams(a: Stripe.Address): ParamMap {
  const out: ParamMap = {};
  for (const [k, v] of Object.entries(a)) if (typeof v === 'string' && v !== '') out[k] = v;
  return out;
}

/** Checkout's customer: the session's own, else a new one from what the page collected. */
function customerFor(core: Core, session: Stripe.Checkout.Session, buyer: Subscriber, resolve: (id: string) => Stripe.PaymentMethod, ctx: RequestContext): Stripe.Customer {
  const existing = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  if (existing) return getCustomer(core, existing, 'customer');
  const params: ParamMap = {};
  if (buyer.email) params['email'] = buyer.email;
  if (buyer.name) params['name'] = buyer.name;
  if (buyer.phone) params['phone'] = buyer.phone;
  if (buyer.address) params['address'] = addressParams(buyer.address);
  if (buyer.shipping) params['shipping'] = { name: buyer.shipping.name, address: addressParams(buyer.shipping.address) };
  return createCustomer(core, params, ctx, resolve);
}

/**
 * Pays a subscription-mode session: the customer, the card attached to it, the subscription (card as
 * its default payment method) and the first invoice, paid. A card that would decline is refused before
 * anything is created, as Checkout does, so a declined attempt leaves no half-made subscription.
 */
export function subscribeFromSession(
  core: Core,
  session: Stripe.Checkout.Session,
  pm: Stripe.PaymentMethod,
  buyer: Subscriber,
  ctx: RequestContext,
): { customer: string; subscription: string; invoice: string } {
  if (pm.type !== 'card') throw invalidRequest('Local Stripe takes subscriptions with cards only.', 'payment_method');
  const decline = cardInfo(core.state.cardSecrets[pm.id]?.number ?? '').decline;
  if (decline) {
    throw new StripeApiError(402, { type: 'card_error', code: decline.code, decline_code: decline.declineCode, message: decline.message });
  }
  const resolve = (id: string): Stripe.PaymentMethod => {
    const found = core.state.paymentMethods[id];
    if (!found) throw invalidRequest(`No such PaymentMethod: '${id}'`, 'payment_method', 'resource_missing');
    return found;
  };
  const customer = customerFor(core, session, buyer, resolve, ctx);
  const card = attachPaymentMethod(core, pm, customer.id, ctx);
  const data = core.state.sessionExtras[session.id]?.subscriptionData ?? { metadata: {}, description: null };
  const items = (core.state.lineItems[session.id] ?? []).map((li) => {
    const price = li.price ? core.state.prices[li.price.id] : undefined;
    if (!price) throw invalidRequest('A price on this Checkout Session no longer exists.', 'line_items');
    return { price, quantity: li.quantity ?? 1, metadata: {} };
  });
  const { subscription } = createSubscription(
    core,
    { customer, items, defaultPaymentMethod: card.id, metadata: data.metadata, description: data.description, paymentBehavior: 'error_if_incomplete', cancelAtPeriodEnd: false },
    ctx,
  );
  return { customer: customer.id, subscription: subscription.id, invoice: String(subscription.latest_invoice) };
}

/** Subscription-mode sessions take cards (the renewals charge the saved card); bank debits are refused. */
export function subscriptionPaymentMethods(params: ParamMap): string[] {
  for (const name of ['payment_method_types', 'allowed_payment_method_types']) {
    const asked = params[name];
    if (!Array.isArray(asked)) continue;
    asked.forEach((m, i) => {
      if (m !== 'card') throw invalidParam(`${name}[${i}]`, 'Local Stripe takes subscriptions with cards only; use `card` or real Stripe (test mode).', 'parameter_invalid');
    });
  }
  return ['card'];
}
