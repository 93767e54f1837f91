import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import type { SignedInUser } from '@/lib/domain/auth/signed-in-user';
import { silentLogger } from '@/lib/logger';
import { handlePlanCheckoutRequest, handlePlanPortalRequest } from '@/lib/http/plans/handle-plan-requests';
import { applyPlanFact } from '@/lib/domain/plans/plan-state';
import { planEffectsForEvent } from '@/lib/services/plans/plan-event-facts';
import { SqlitePlanStore } from '@/lib/adapters/sqlite/sqlite-plan-store';
import { getCustomerOrder } from '@/lib/domain/orders/customer-orders';
import { applyFact } from '@/lib/domain/orders/order-state';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { toEventRecord } from '@/lib/services/webhooks/process-event';
import { firstPeriodEvents, PLAN_METADATA } from '../support/plan-events';

const SITE = 'http://shop.test';
const weeklyPrice = {
  id: 'price_weekly',
  object: 'price',
  active: true,
  type: 'recurring',
  unit_amount: 25_000,
  currency: 'usd',
  recurring: { interval: 'week', interval_count: 1 },
  product: { id: 'prod_lunch', object: 'product', active: true, name: 'Weekly Office Lunch', description: 'Sandwiches, salads and fruit', images: [], metadata: { serves: '10' } },
};

function fakeStripe() {
  const created: Stripe.Checkout.SessionCreateParams[] = [];
  const portals: Stripe.BillingPortal.SessionCreateParams[] = [];
  const stripe = {
    prices: {
      async retrieve(id: string) {
        if (id !== weeklyPrice.id) throw Object.assign(new Error('No such price'), { type: 'StripeInvalidRequestError', statusCode: 404 });
        return weeklyPrice;
      },
    },
    checkout: {
      sessions: {
        async create(params: Stripe.Checkout.SessionCreateParams) {
          created.push(params);
          return { id: 'cs_test_sub', url: 'https://checkout.stripe.test/cs_test_sub' };
        },
      },
    },
    billingPortal: {
      sessions: {
        async create(params: Stripe.BillingPortal.SessionCreateParams) {
          portals.push(params);
          return { id: 'bps_1', url: 'https://billing.stripe.test/p/bps_1' };
        },
      },
    },
  } as unknown as Stripe;
  return { stripe, created, portals };
}

const form = {
  priceId: 'price_weekly',
  quantity: '3',
  weekday: 'thursday',
  window: '10:00-12:00',
  recipient: 'Ada Lovelace',
  line1: '1 Main St',
  line2: '',
  city: 'Springfield',
  state: 'il',
  postalCode: '62701',
};

function post(path: string, fields: Record<string, string>, site: 'same-origin' | 'cross-site' = 'same-origin', accept = 'text/html'): Request {
  return new Request(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': site, accept },
    body: new URLSearchParams(fields).toString(),
  });
}

const unlimited = { take: () => ({ allowed: true as const }) };

describe('POST /api/plans/checkout', () => {
  it('opens a subscription Checkout whose subscription carries the delivery details', async () => {
    const { stripe, created } = fakeStripe();
    const response = await handlePlanCheckoutRequest({ stripe, siteUrl: SITE, logger: silentLogger, rateLimiter: unlimited }, post('/api/plans/checkout', form));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://checkout.stripe.test/cs_test_sub');
    const metadata = { ...PLAN_METADATA, delivery_weekday: 'thursday', delivery_window: '10:00-12:00' };
    expect(created).toEqual([
      {
        mode: 'subscription',
        line_items: [{ price: 'price_weekly', quantity: 3 }],
        success_url: `${SITE}/account?subscribed={CHECKOUT_SESSION_ID}`,
        cancel_url: `${SITE}/plans`,
        metadata,
        subscription_data: { metadata },
      },
    ]);
  });

  it('answers the page’s fetch with JSON: the URL to go to, or the problem (the CSP forbids redirecting a form to Stripe)', async () => {
    const { stripe } = fakeStripe();
    const deps = { stripe, siteUrl: SITE, logger: silentLogger, rateLimiter: unlimited };
    const ok = await handlePlanCheckoutRequest(deps, post('/api/plans/checkout', form, 'same-origin', 'application/json'));
    expect([ok.status, await ok.json()]).toEqual([200, { url: 'https://checkout.stripe.test/cs_test_sub' }]);
    const bad = await handlePlanCheckoutRequest(deps, post('/api/plans/checkout', { ...form, postalCode: 'abc' }, 'same-origin', 'application/json'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'postalCode' } });
  });

  it('sends a bad form or an unknown plan back to the plans page, and refuses other sites', async () => {
    const { stripe, created } = fakeStripe();
    const deps = { stripe, siteUrl: SITE, logger: silentLogger, rateLimiter: unlimited };
    const bad = await handlePlanCheckoutRequest(deps, post('/api/plans/checkout', { ...form, weekday: 'sunday' }));
    expect(bad.headers.get('location')).toBe('/plans?error=invalid_request&field=weekday');
    const unknown = await handlePlanCheckoutRequest(deps, post('/api/plans/checkout', { ...form, priceId: 'price_gone' }));
    expect(unknown.headers.get('location')).toBe('/plans?error=unavailable_plan&field=priceId');
    expect((await handlePlanCheckoutRequest(deps, post('/api/plans/checkout', form, 'cross-site'))).status).toBe(403);
    expect(created).toEqual([]);
  });
});

describe('POST /api/plans/portal', () => {
  const ada: SignedInUser = { sub: 'sub-ada', username: 'ada', email: 'ada@example.com', emailVerified: true, owner: 'sub-ada::ada' };
  const mallory: SignedInUser = { sub: 'sub-m', username: 'mallory', email: 'mallory@example.com', emailVerified: true, owner: 'sub-m::mallory' };

  async function storeWithAdasPlan() {
    const plans = SqlitePlanStore.open(':memory:');
    for (const event of firstPeriodEvents()) {
      const effects = planEffectsForEvent(event, 'UTC');
      if (effects) await plans.updatePlan(effects.planId, (current) => applyPlanFact(current, effects.fact, { eventId: event.id, created: event.created }));
    }
    await plans.claimPlansByEmail('ada@example.com', ada.owner);
    return plans;
  }

  it('opens the Customer Portal for the owner’s plan, returning to the account page', async () => {
    const { stripe, portals } = fakeStripe();
    const plans = await storeWithAdasPlan();
    const response = await handlePlanPortalRequest({ stripe, plans, siteUrl: SITE, logger: silentLogger }, post('/api/plans/portal', { planId: 'sub_1' }), ada);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://billing.stripe.test/p/bps_1');
    expect(portals).toEqual([{ customer: 'cus_1', return_url: `${SITE}/account` }]);
    await plans.close();
  });

  it('someone else’s plan is not found; signed out goes to sign in; other sites are refused', async () => {
    const { stripe, portals } = fakeStripe();
    const plans = await storeWithAdasPlan();
    const deps = { stripe, plans, siteUrl: SITE, logger: silentLogger };
    expect((await handlePlanPortalRequest(deps, post('/api/plans/portal', { planId: 'sub_1' }), mallory)).status).toBe(404);
    expect((await handlePlanPortalRequest(deps, post('/api/plans/portal', { planId: 'sub_nope' }), ada)).status).toBe(404);
    const signedOut = await handlePlanPortalRequest(deps, post('/api/plans/portal', { planId: 'sub_1' }), null);
    expect(signedOut.headers.get('location')).toBe('/sign-in?returnTo=%2Faccount');
    expect((await handlePlanPortalRequest(deps, post('/api/plans/portal', { planId: 'sub_1' }, 'cross-site'), ada)).status).toBe(403);
    expect(portals).toEqual([]);
    await plans.close();
  });
});

describe('a plan’s delivery order on /orders/[id]', () => {
  it('is found by its invoice id for its owner only', async () => {
    const store = SqliteOrderStore.open(':memory:');
    const paid = firstPeriodEvents().find((event) => event.type === 'invoice.paid')!;
    const order = planEffectsForEvent(paid, 'UTC')!.order!;
    await store.applyEvent(toEventRecord(paid, new Date()), { orderId: order.orderId, apply: (current) => applyFact(current, order.fact, { eventId: paid.id, created: paid.created }) }, new Date().toISOString());
    await store.assignOwner('in_1', 'sub-ada::ada');
    const ada: SignedInUser = { sub: 'sub-ada', username: 'ada', email: 'ada@example.com', emailVerified: true, owner: 'sub-ada::ada' };
    expect(await getCustomerOrder(store, ada, 'in_1')).toMatchObject({ id: 'in_1', status: 'paid' });
    expect(await getCustomerOrder(store, { ...ada, owner: 'sub-m::mallory' }, 'in_1')).toBeNull();
    expect(await getCustomerOrder(store, ada, 'in_1/../x')).toBeNull();
    await store.close();
  });
});
