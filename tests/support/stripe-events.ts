import Stripe from 'stripe';

/** A Stripe event as the SDK types it, built from its type and object (test data only). */
export function stripeEvent(type: string, object: Record<string, unknown>, options: { id?: string; created?: number } = {}): Stripe.Event {
  return {
    id: options.id ?? 'evt_1',
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: options.created ?? 1_900_000_100,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  } as unknown as Stripe.Event;
}

/** A complete, paid Checkout Session for Ada; override what a test is about. */
export function checkoutSession(overrides: Partial<Stripe.Checkout.Session> = {}): Record<string, unknown> {
  return {
    id: 'cs_test_abc',
    object: 'checkout.session',
    created: 1_900_000_000,
    currency: 'usd',
    amount_subtotal: 37800,
    amount_total: 37800,
    payment_status: 'paid',
    status: 'complete',
    payment_intent: 'pi_1',
    metadata: { delivery_date: '2030-01-15' },
    customer_details: { email: 'ada@example.com', name: 'Ada Lovelace', address: null, phone: null, tax_exempt: 'none', tax_ids: [] },
    collected_information: {
      business_name: null,
      individual_name: null,
      shipping_details: { name: 'Ada Lovelace', address: { line1: '1 Main St', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' } },
    },
    ...overrides,
  };
}

export function sessionEvent(type: string, session: Partial<Stripe.Checkout.Session>, id = 'evt_1', created?: number): Stripe.Event {
  return stripeEvent(type, checkoutSession(session), { id, created });
}

export const grazingBoard: Partial<Stripe.LineItem> = {
  amount_total: 57800,
  quantity: 2,
  description: 'Grand Grazing Board',
  price: { id: 'price_g', unit_amount: 28900, product: { id: 'prod_grazing_board', name: 'Grand Grazing Board', deleted: undefined } } as unknown as Stripe.Price,
};

export interface FakeStripeData {
  lineItems?: Partial<Stripe.LineItem>[];
  /** Charges by id, as stripe.charges.retrieve returns them now. */
  charges?: Record<string, Partial<Stripe.Charge>>;
  /** Checkout Session id by payment intent id (stripe.checkout.sessions.list({ payment_intent })). */
  sessionByPaymentIntent?: Record<string, string>;
  /** Sessions by id (stripe.checkout.sessions.retrieve); a missing id is Stripe's 404. */
  sessions?: Record<string, Partial<Stripe.Checkout.Session>>;
  events?: Stripe.Event[];
}

function notFound(id: string): Stripe.errors.StripeInvalidRequestError {
  return new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', message: `No such object: '${id}'`, statusCode: 404, code: 'resource_missing' } as never);
}

async function* listOf<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/** A line item as Stripe lists it without `expand`: the price names its product by id only. */
function withProductId(item: Partial<Stripe.LineItem>): Partial<Stripe.LineItem> {
  const product = item.price?.product;
  if (!item.price || !product || typeof product === 'string') return item;
  return { ...item, price: { ...item.price, product: product.id } };
}

/** The slice of the SDK the domain core uses, answering from memory and logging each call. */
export function fakeStripe(data: FakeStripeData = {}) {
  const calls: string[] = [];
  const stripe = {
    checkout: {
      sessions: {
        listLineItems(sessionId: string, params?: { expand?: string[] }) {
          calls.push(`listLineItems ${sessionId}`);
          return listOf((data.lineItems ?? []).map((item) => (params?.expand?.includes('data.price.product') ? item : withProductId(item))));
        },
        async list(params: { payment_intent: string }) {
          calls.push(`sessions.list ${params.payment_intent}`);
          const id = data.sessionByPaymentIntent?.[params.payment_intent];
          return { data: id ? [{ id }] : [] };
        },
        async retrieve(id: string) {
          calls.push(`sessions.retrieve ${id}`);
          const session = data.sessions?.[id];
          if (!session) throw notFound(id);
          return session;
        },
      },
    },
    charges: {
      async retrieve(id: string) {
        calls.push(`charges.retrieve ${id}`);
        const charge = data.charges?.[id];
        if (!charge) throw notFound(id);
        return charge;
      },
    },
    events: {
      /** One page of GET /v1/events, as Stripe answers it: newest first, `created` filters, `starting_after`, `has_more`. */
      async list(params: { created?: { gte?: number; lt?: number }; limit?: number; starting_after?: string }) {
        calls.push(`events.list ${JSON.stringify(params)}`);
        const { gte = -Infinity, lt = Infinity } = params.created ?? {};
        const newestFirst = [...(data.events ?? [])].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
        let matching = newestFirst.filter((event) => event.created >= gte && event.created < lt);
        if (params.starting_after) matching = matching.slice(matching.findIndex((event) => event.id === params.starting_after) + 1);
        const page = matching.slice(0, params.limit ?? 10);
        return { object: 'list', data: page, has_more: matching.length > page.length };
      },
    },
  } as unknown as Stripe;
  return { stripe, calls };
}
