import { type ClientSchema, a, defineData } from '@aws-amplify/backend';
import { followUpWorker } from '../functions/follow-up-worker/resource';
import { postConfirmation } from '../functions/post-confirmation/resource';

/**
 * The cloud order store (lib/adapters/amplify) over AppSync + DynamoDB.
 *
 * Least privilege:
 * - Customers (Cognito user pool) may only READ their own orders; admins (ADMINS group) read all orders.
 *   Nobody signed in can create, update, delete, or reassign an order's owner.
 * - Stripe events and follow-up jobs are server-written: no owner or public rule; only admins may read them
 *   (Amplify requires at least one model-level rule, and this is the narrowest one).
 * - Writes come from the server over IAM: the Next.js SSR compute role (the Data API always has IAM enabled;
 *   the role's policy grants appsync:GraphQL) and the post-confirmation function (allow.resource below).
 * - There is no API key mode.
 */
/**
 * The owner field of a customer's record ("<sub>::<username>", Amplify's owner format): its owner and ADMINS may
 * read it, nobody signed in may change it (the server writes it over IAM). Orders and plans share the rule.
 */
const ownerReadOnly = () =>
  a.string().authorization((allow) => [allow.ownerDefinedIn('owner').to(['read']), allow.group('ADMINS').to(['read'])]);

const schema = a
  .schema({
    OrderStatus: a.enum(['pending', 'awaiting_payment', 'paid', 'payment_failed', 'expired', 'partially_refunded', 'refunded']),
    StripeEventStatus: a.enum(['processing', 'processed', 'ignored', 'failed']),
    FollowUpStatus: a.enum(['pending', 'done', 'failed']),

    /** One Checkout Session. The identifier is the session id, so a create is idempotent. */
    Order: a
      .model({
        id: a.id().required(),
        owner: ownerReadOnly(),
        // The customer's email, lower-cased: the key that links orders to an account when it is confirmed.
        email: a.string(),
        status: a.ref('OrderStatus').required(),
        currency: a.string(),
        amountSubtotal: a.integer(),
        amountTotal: a.integer(),
        amountRefunded: a.integer().required(),
        items: a.json().required(),
        customer: a.json(),
        shipping: a.json(),
        deliveryDate: a.string(),
        // The delivery time window the buyer chose ("10:00-12:00") and the short order number customers see.
        deliveryWindow: a.string(),
        orderNumber: a.string(),
        paymentIntentId: a.string(),
        sessionCreated: a.integer(),
        history: a.json().required(),
        // The kitchen's progress ({ status, version, history }): written by the server for ADMINS only (it checks
        // the group); the owner and ADMINS may read it, nobody signed in may change it.
        fulfilment: a
          .json()
          .authorization((allow) => [allow.ownerDefinedIn('owner').to(['read']), allow.group('ADMINS').to(['read'])]),
        // The buyer's phone (Checkout's customer_details.phone), for the delivery driver.
        phone: a.string(),
        // Optimistic concurrency: every write is conditional on the version it read.
        version: a.integer().required(),
        // The hosted Checkout page's custom fields (lib/services/checkout/order-notes.ts).
        notes: a.string(),
        dietaryRequirements: a.string(),
      })
      .identifier(['id'])
      .secondaryIndexes((index) => [index('email'), index('owner'), index('paymentIntentId'), index('deliveryDate')])
      .authorization((allow) => [allow.ownerDefinedIn('owner').to(['read']), allow.group('ADMINS').to(['read'])]),

    /** Every verified Stripe event, kept ~90 days (DynamoDB TTL on expiresAt). */
    StripeEvent: a
      .model({
        id: a.id().required(),
        type: a.string().required(),
        objectId: a.string(),
        apiVersion: a.string(),
        created: a.integer().required(),
        receivedAt: a.string().required(),
        status: a.ref('StripeEventStatus').required(),
        processedAt: a.string(),
        lastError: a.string(),
        attempts: a.integer().required(),
        // While status is 'processing': which delivery holds the event, and until when.
        claimToken: a.string(),
        claimedUntil: a.string(),
        expiresAt: a.timestamp(),
      })
      .identifier(['id'])
      // Amplify insists on one model-level rule; admins may read (support), nobody else at all.
      .authorization((allow) => [allow.group('ADMINS').to(['read'])]),

    /** Durable work enqueued with an event (provision the buyer's account, send an email). */
    FollowUp: a
      .model({
        key: a.string().required(),
        kind: a.string().required(),
        payload: a.json().required(),
        status: a.ref('FollowUpStatus').required(),
        progress: a.json().required(),
        attempts: a.integer().required(),
        lastError: a.string(),
        claimedUntil: a.string(),
        // The fencing token of the current lease: writes under an older token are refused.
        claimToken: a.string(),
        // "createdAt" is Amplify's automatic timestamp; this is the store's own enqueue time.
        enqueuedAt: a.string().required(),
        completedAt: a.string(),
      })
      .identifier(['key'])
      .secondaryIndexes((index) => [index('status').sortKeys(['enqueuedAt'])])
      .authorization((allow) => [allow.group('ADMINS').to(['read'])]),

    /**
     * Per-day capacity (lib/adapters/amplify/dynamo-capacity-store.ts), written by the server with conditional
     * transactions: `day#<date>` counts the servings held and paid for a date, `hold#<id>` is one checkout's hold.
     */
    CapacityEntry: a
      .model({
        id: a.id().required(),
        date: a.string(),
        used: a.integer(),
        servings: a.integer(),
        state: a.string(),
      })
      .identifier(['id'])
      .authorization((allow) => [allow.group('ADMINS').to(['read'])]),
    /** One recurring catering plan per Stripe subscription (lib/domain/plans, lib/services/plans): the same read rules as Order. */
    Plan: a
      .model({
        id: a.id().required(),
        owner: ownerReadOnly(),
        // Lower-cased: links plans to an account with a verified email, as for orders.
        email: a.string(),
        status: a.string().required(),
        customerId: a.string(),
        // The whole plan record (lib/domain/plans/plan.ts), folded by the server from Stripe's events.
        data: a.json().required(),
        // Optimistic concurrency: every write is conditional on the version it read.
        version: a.integer().required(),
      })
      .identifier(['id'])
      .secondaryIndexes((index) => [index('email'), index('owner')])
      .authorization((allow) => [allow.ownerDefinedIn('owner').to(['read']), allow.group('ADMINS').to(['read'])]),

    /**
     * Named positions (lib/domain/reconcile/cursor-store.ts), e.g. reconciliation's last fully processed event time
     * (unix seconds; Float, since GraphQL's Int stops at 2^31). Server-written over IAM like events and jobs.
     */
    Cursor: a
      .model({
        name: a.string().required(),
        value: a.float().required(),
      })
      .identifier(['name'])
      .authorization((allow) => [allow.group('ADMINS').to(['read'])]),
  })
  .authorization((allow) => [allow.resource(postConfirmation).to(['query', 'mutate']), allow.resource(followUpWorker).to(['query', 'mutate'])]);

export type Schema = ClientSchema<typeof schema>;

export const data = defineData({
  schema,
  authorizationModes: {
    defaultAuthorizationMode: 'userPool',
  },
});
