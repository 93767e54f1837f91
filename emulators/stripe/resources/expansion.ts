import type { Core } from '../core';
import { copyJson } from '../json-copy';
import type { ParamMap } from '../server/form';
import { expandObject, type Json, type JsonObject } from '../server/expand';
import { expandList } from '../server/params';
import { sessionLineItemsList } from './line-items';
import type Stripe from 'stripe';
import { paginate, type ListResponse } from '../server/list';

/** Finds any stored object by its id prefix (for `expand[]`). */
export function findById(core: Core, id: string): object | undefined {
  const s = core.state;
  if (id.startsWith('prod_')) return s.products[id];
  if (id.startsWith('price_')) return s.prices[id];
  if (id.startsWith('pi_')) return s.paymentIntents[id];
  if (id.startsWith('ch_') || id.startsWith('py_')) return s.charges[id];
  if (id.startsWith('re_')) return s.refunds[id];
  if (id.startsWith('pm_')) return s.paymentMethods[id];
  if (id.startsWith('cs_')) return s.sessions[id];
  if (id.startsWith('plink_')) return s.paymentLinks[id];
  if (id.startsWith('cus_')) return s.customers[id];
  if (id.startsWith('sub_')) return s.subscriptions[id];
  if (id.startsWith('in_')) return s.invoices[id];
  if (id.startsWith('ii_')) return s.invoiceItems[id];
  if (id.startsWith('clock_')) return s.testClocks[id];
  return s.products[id] ?? s.prices[id];
}

/** Applies the request's `expand[]` to a response object. */
export function expandFor(core: Core, object: object, params: ParamMap): Json {
  const paths = expandList(params);
  return expandObject(object, paths, {
    byId: (id) => findById(core, id) as JsonObject | undefined,
    special: (parent, field) => {
      if (field === 'subscriptions' && parent['object'] === 'customer' && typeof parent['id'] === 'string') {
        return copyJson<unknown>(customerSubscriptions(core, parent['id'])) as Json;
      }
      if (field === 'line_items' && parent['object'] === 'checkout.session' && typeof parent['id'] === 'string') {
        return copyJson<unknown>(sessionLineItemsList(core, parent['id'], {})) as Json;
      }
      if (field === 'line_items' && parent['object'] === 'payment_link' && typeof parent['id'] === 'string') {
        const items = core.state.paymentLinkLineItems[parent['id']] ?? [];
        return copyJson<unknown>({ object: 'list', data: items, has_more: false, url: `/v1/payment_links/${parent['id']}/line_items` }) as Json;
      }
      return undefined;
    },
  });
}

/** A customer's `subscriptions` (includable with expand[]=subscriptions): those not canceled, newest first. */
function customerSubscriptions(core: Core, customerId: string): ListResponse<Stripe.Subscription> {
  const subs = Object.values(core.state.subscriptions).filter((s) => s.customer === customerId && s.status !== 'canceled').reverse();
  return paginate(subs, {}, `/v1/customers/${customerId}/subscriptions`);
}
