import type Stripe from 'stripe';
import type { Core } from '../core';
import { invalidParam } from '../errors';
import { newId } from '../ids';
import { assertKnown, optString, refuseEmpty, reqString } from '../server/params';
import type { Route } from '../server/route';
import { getCustomer } from './customers';
import { expandFor } from './expansion';

/** Local Stripe has one portal configuration: cancel at period end, change quantity, see invoices. */
export const PORTAL_CONFIGURATION = 'bpc_local_default';

export function portalRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/billing_portal/sessions',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['customer', 'return_url', 'configuration', 'locale', 'expand', 'flow_data', 'on_behalf_of']);
        refuseEmpty(p, ['customer', 'return_url', 'configuration', 'locale']);
        for (const name of ['flow_data', 'on_behalf_of']) {
          if (p[name] !== undefined) throw invalidParam(name, `Local Stripe does not support \`${name}\` on portal sessions; remove it or use real Stripe (test mode).`, 'parameter_invalid');
        }
        const customer = getCustomer(core, reqString(p, 'customer'), 'customer');
        const returnUrl = optString(p, 'return_url') ?? null;
        if (returnUrl && !/^https?:\/\//.test(returnUrl)) throw invalidParam('return_url', 'Not a valid URL', 'url_invalid');
        const configuration = optString(p, 'configuration') ?? PORTAL_CONFIGURATION;
        if (configuration !== PORTAL_CONFIGURATION) throw invalidParam('configuration', `No such configuration: '${configuration}' (Local Stripe has ${PORTAL_CONFIGURATION}).`, 'resource_missing');
        const id = newId('bps');
        const session = {
          id,
          object: 'billing_portal.session',
          configuration,
          created: core.nowSeconds(),
          customer: customer.id,
          customer_account: null,
          flow: null,
          livemode: false,
          locale: (optString(p, 'locale') ?? null) as Stripe.BillingPortal.Session.Locale | null,
          on_behalf_of: null,
          return_url: returnUrl,
          url: `${core.options.publicUrl}/p/session/${id}`,
        } satisfies Stripe.BillingPortal.Session;
        core.state.portalSessions[id] = session;
        core.emit('billing_portal.session.created', session, req.ctx);
        return expandFor(core, session, p);
      },
    },
  ];
}
