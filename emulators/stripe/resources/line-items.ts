import type Stripe from 'stripe';
import type { Core } from '../core';
import type { ParamMap } from '../server/form';
import { paginate, type ListResponse } from '../server/list';

/** A session's line items as a list (oldest first, like Stripe's line item order). */
export function sessionLineItemsList(core: Core, sessionId: string, params: ParamMap): ListResponse<Stripe.LineItem> {
  const items = core.state.lineItems[sessionId] ?? [];
  return paginate(items, params, `/v1/checkout/sessions/${sessionId}/line_items`);
}
