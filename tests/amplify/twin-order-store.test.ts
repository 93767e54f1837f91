import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFact } from '@/lib/domain/orders/order-state';
import { getCustomerOrder, isOwnedBy } from '@/lib/domain/orders/customer-orders';
import type { EventRecord } from '@/lib/domain/orders/event-log';
import type { OrderStoreBackend } from '@/lib/domain/orders/order-store';
import type { OrderTransition } from '@/lib/domain/orders/event-ledger';
import { AmplifyOrderStore } from '@/lib/adapters/amplify/amplify-order-store';
import { AppSyncOrders } from '@/lib/adapters/amplify/appsync-orders';
import type { GraphqlTransport } from '@/lib/adapters/amplify/graphql-transport';
import { linkOrdersOnConfirmation } from '@/lib/adapters/amplify/link-orders-on-confirmation';
import { describeStoreContracts } from '../contracts/store-contracts';
import type { InterleavingStore } from '../contracts/store-contract-support';
import { completedPaid, sessionSnapshot } from '../support/order-facts';
import { clearTables, iamTransport, signedInUser, userPoolTransport, type TwinUser } from './support/twin-clients';
import { startTwinForTests } from '../support/twin-for-tests';

/**
 * The Amplify order store against the twin: Amplify's own synthesized VTL resolvers (in Amplify's AppSync
 * simulator) over DynamoDB Local with the synthesized tables, behind a front that verifies IAM and tokens.
 */
const running = startTwinForTests();

function serverStore(options: { pageSize?: number; graphql?: GraphqlTransport; dynamo?: DynamoDBDocumentClient } = {}): AmplifyOrderStore {
  return new AmplifyOrderStore({ graphql: options.graphql ?? iamTransport(running.twin), dynamo: options.dynamo ?? running.db, tables: running.twin.tables }, { pageSize: options.pageSize ?? 2 });
}

/** Runs `between` before this store's next write (a GraphQL mutation or a DynamoDB write). */
async function interleaving(): Promise<InterleavingStore<AmplifyOrderStore>> {
  let pending: (() => Promise<void>) | null = null;
  const runPending = async () => {
    const hook = pending;
    pending = null;
    if (hook) await hook();
  };
  const graphql: GraphqlTransport = {
    async request(request) {
      if (request.query.trimStart().startsWith('mutation')) await runPending();
      return iamTransport(running.twin).request(request);
    },
  };
  const dynamo = {
    async send(command: { constructor: { name: string } }) {
      if (/^(TransactWrite|Put|Update|Delete)Command$/.test(command.constructor.name)) await runPending();
      return (running.db.send as (c: unknown) => Promise<unknown>)(command);
    },
  } as unknown as DynamoDBDocumentClient;
  return { store: serverStore({ graphql, dynamo }), beforeNextWrite: (between) => void (pending = between) };
}

describeStoreContracts(
  'Amplify Data (twin: Amplify resolvers, DynamoDB Local)',
  async () => {
    await clearTables(running.db, running.twin);
    return serverStore();
  },
  { openInterleaving: () => interleaving() },
);


const event = (id: string, objectId: string): EventRecord => ({
  id,
  type: 'checkout.session.completed',
  objectId,
  apiVersion: '2026-10-28.endive',
  created: 100,
  receivedAt: '2030-01-01T00:00:00.000Z',
});

function paidOrder(sessionId: string, email: string, sessionCreated = 1_900_000_000): OrderTransition {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId, sessionCreated, customer: { email, name: 'Ada Lovelace' } }) };
  return { orderId: sessionId, apply: (current) => applyFact(current, fact, { eventId: `evt_${sessionId}`, created: 100 }) };
}

/** Every order id the caller may list, straight from AppSync (the shop itself never lists all orders). */
async function listedOrderIds(transport: GraphqlTransport): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | null = null;
  do {
    const response = await transport.request({ query: 'query L($nextToken: String) { listOrders(nextToken: $nextToken) { items { id } nextToken } }', variables: { nextToken } });
    if (response.errors?.length) throw new Error(response.errors.map((error) => error.message).join('; '));
    const page = response.data?.['listOrders'] as { items: { id: string }[]; nextToken: string | null };
    ids.push(...page.items.map((item) => item.id));
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

async function placeOrder(store: OrderStoreBackend, sessionId: string, email: string, sessionCreated?: number): Promise<void> {
  await store.applyEvent(event(`evt_${sessionId}`, sessionId), paidOrder(sessionId, email, sessionCreated), '2030-01-01T00:00:01.000Z');
}

describe('Amplify twin: authorization as AppSync does it', () => {
  let ada: TwinUser;
  let mallory: TwinUser;
  let admin: TwinUser;

  beforeAll(async () => {
    [ada, mallory, admin] = await Promise.all([
      signedInUser(running.twin, 'ada@example.com'),
      signedInUser(running.twin, 'mallory@example.com'),
      signedInUser(running.twin, 'admin@example.com', ['ADMINS']),
    ]);
  }, 60_000);

  beforeEach(async () => {
    await clearTables(running.db, running.twin);
    const server = serverStore();
    await placeOrder(server, 'cs_test_ada', 'ada@example.com');
    await placeOrder(server, 'cs_test_mallory', 'mallory@example.com');
    await server.assignOwner('cs_test_ada', ada.owner);
    await server.assignOwner('cs_test_mallory', mallory.owner);
  });

  it('lets a customer read their own order and list only their own orders', async () => {
    const asMallory = new AppSyncOrders(userPoolTransport(running.twin, mallory.accessToken));
    expect(await listedOrderIds(userPoolTransport(running.twin, mallory.accessToken))).toEqual(['cs_test_mallory']);
    expect((await asMallory.getOrder('cs_test_mallory'))?.id).toBe('cs_test_mallory');
    await expect(asMallory.getOrder('cs_test_ada')).rejects.toThrow(/Unauthorized/);
  });

  it('returns only the part after "::" of the owner, and the customer order check still matches its owner', async () => {
    const order = await serverStore().getOrder('cs_test_ada');
    // Amplify's owner field resolver: the bug that made every order page a 404 for its owner.
    expect(order?.owner).toBe(ada.username);
    const { Item } = await running.db.send(new GetCommand({ TableName: running.twin.tables.order, Key: { id: 'cs_test_ada' } }));
    expect(Item?.['owner']).toBe(ada.owner);
    const user = { owner: ada.owner, email: 'ada@example.com', emailVerified: true } as Parameters<typeof getCustomerOrder>[1];
    expect((await getCustomerOrder(serverStore(), user, 'cs_test_ada'))?.id).toBe('cs_test_ada');
    expect(await getCustomerOrder(serverStore(), { ...user, owner: mallory.owner }, 'cs_test_ada')).toBeNull();
  });

  it('refuses every write and every event or job read from a signed-in customer', async () => {
    const asAda = new AppSyncOrders(userPoolTransport(running.twin, ada.idToken));
    await expect(asAda.assignOwner('cs_test_mallory', ada.owner)).rejects.toThrow(/Unauthorized/);
    const createAttempt = await userPoolTransport(running.twin, ada.idToken).request({
      query: 'mutation C($input: CreateOrderInput!) { createOrder(input: $input) { id } }',
      variables: { input: { id: 'cs_test_forged', status: 'paid', amountRefunded: 0, items: '[]', history: '[]', version: 1 } },
    });
    expect(createAttempt.errors?.[0]?.errorType).toMatch(/Unauthorized/);
    const eventRead = await userPoolTransport(running.twin, ada.idToken).request({ query: 'query { listStripeEvents { items { id } } }', variables: {} });
    expect(eventRead.errors?.[0]?.errorType).toMatch(/Unauthorized/);
  });

  it('lets ADMINS read every order', async () => {
    expect((await listedOrderIds(userPoolTransport(running.twin, admin.accessToken))).sort()).toEqual(['cs_test_ada', 'cs_test_mallory']);
  });

  it('answers 401 to forged, expired, wrong-client and wrong-pool tokens and to bad IAM signatures', async () => {
    const query = JSON.stringify({ query: 'query { listOrders { items { id } } }', variables: {} });
    const post = (authorization: string) => fetch(running.twin.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: query });
    const [header, payload] = ada.idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const reencode = (changes: Record<string, unknown>) => `${header}.${Buffer.from(JSON.stringify({ ...claims, ...changes })).toString('base64url')}.${ada.idToken.split('.')[2]}`;
    expect((await post(reencode({ 'cognito:groups': ['ADMINS'] }))).status).toBe(401); // forged claims, old signature
    expect((await post(reencode({ exp: 1_000_000_000 }))).status).toBe(401); // expired
    expect((await post(reencode({ aud: 'someone-elses-client' }))).status).toBe(401); // wrong client
    expect((await post(reencode({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Elsewhere' }))).status).toBe(401); // wrong pool
    expect((await post('not-a-token')).status).toBe(401);
    const forgedIam = iamTransport(running.twin, { accessKeyId: running.twin.credentials.accessKeyId, secretAccessKey: 'guessed-secret' });
    await forgedIam.request({ query: 'query { listOrders { items { id } } }', variables: {} });
    expect(forgedIam.status).toBe(401);
    expect((await post(ada.idToken)).status).toBe(200);
  });
});

describe('Amplify twin: what the contract does not cover', () => {
  beforeEach(async () => {
    await clearTables(running.db, running.twin);
  });

  it('follows nextToken to the end and lists an owner’s orders newest first', async () => {
    const store = serverStore({ pageSize: 2 });
    for (const [index, id] of ['cs_1', 'cs_2', 'cs_3', 'cs_4', 'cs_5'].entries()) await placeOrder(store, id, 'ada@example.com', 1_900_000_000 + index);
    expect(await store.claimOrdersByEmail('Ada@Example.com', 'sub-a::ada@example.com')).toBe(5);
    expect((await store.listOrdersByOwner('sub-a::ada@example.com')).map((order) => order.id)).toEqual(['cs_5', 'cs_4', 'cs_3', 'cs_2', 'cs_1']);
    expect(await listedOrderIds(iamTransport(running.twin))).toHaveLength(5);
  });

  it('finds pending follow-ups behind short, filtered pages', async () => {
    const store = serverStore({ pageSize: 2 });
    const jobs = ['job-a', 'job-b', 'job-c', 'job-d'].map((key) => ({ key, kind: 'order-paid', payload: { key } }));
    await store.applyEvent(event('evt_1', 'cs_1'), paidOrder('cs_1', 'ada@example.com'), '2030-01-01T00:00:00.000Z', jobs);
    const t0 = '2030-01-01T00:01:00.000Z';
    await store.claimFollowUp('job-a', t0, '2030-01-01T00:05:00.000Z', 'token-a');
    await store.claimFollowUp('job-b', t0, '2030-01-01T00:05:00.000Z', 'token-b');
    expect((await store.listPendingFollowUps(t0, 1)).map((job) => job.key)).toEqual(['job-c']);
    expect((await store.listPendingFollowUps(t0, 10)).map((job) => job.key)).toEqual(['job-c', 'job-d']);
  });

  it('keeps event records for about 90 days (TTL attribute on the synthesized table)', async () => {
    await placeOrder(serverStore(), 'cs_1', 'ada@example.com');
    const { Item } = await running.db.send(new GetCommand({ TableName: running.twin.tables.stripeEvent, Key: { id: 'evt_cs_1' } }));
    expect(Item?.['expiresAt']).toBe(Date.parse('2030-01-01T00:00:00.000Z') / 1000 + 90 * 86_400);
    expect(running.twin.assembly.tables.find((table) => table.model === 'StripeEvent')?.timeToLiveAttribute).toBe('expiresAt');
  });

  it('loses no event when the delivery holding it fails: a concurrent copy is not told "duplicate"', async () => {
    const store = serverStore();
    const failing: OrderTransition = { orderId: 'cs_2', apply: () => { throw new Error('crash'); } };
    const racing = await interleaving();
    // The second copy arrives while the first is between its reads and its write, and the first then fails.
    racing.beforeNextWrite(async () => {
      await expect(store.applyEvent(event('evt_2', 'cs_2'), failing, 'now')).rejects.toThrow('crash');
    });
    expect(await racing.store.applyEvent(event('evt_2', 'cs_2'), paidOrder('cs_2', 'ada@example.com'), 'later')).toBe('applied');
    expect(await store.getEvent('evt_2')).toMatchObject({ status: 'processed' });
    expect((await store.getOrder('cs_2'))?.status).toBe('paid');
  });

  it('links earlier orders to a newly confirmed customer by verified email (post-confirmation, over AppSync)', async () => {
    await placeOrder(serverStore(), 'cs_1', 'ada@example.com');
    const orders = new AppSyncOrders(iamTransport(running.twin));
    const confirmed = { triggerSource: 'PostConfirmation_ConfirmSignUp', userName: 'ada-user', userAttributes: { sub: 'sub-a', email: 'ADA@example.com', email_verified: 'true' } };
    expect(await linkOrdersOnConfirmation(orders, { ...confirmed, userAttributes: { ...confirmed.userAttributes, email_verified: 'false' } })).toEqual({ skipped: 'email-not-verified' });
    expect(await linkOrdersOnConfirmation(orders, confirmed)).toEqual({ linked: 1 });
    expect(isOwnedBy((await orders.getOrder('cs_1'))!, 'sub-a::ada-user')).toBe(true);
  });
});

describe('Amplify twin: the kitchen’s fulfilment field', () => {
  let ada: TwinUser;
  let admin: TwinUser;

  beforeAll(async () => {
    [ada, admin] = await Promise.all([signedInUser(running.twin, 'ada-kitchen@example.com'), signedInUser(running.twin, 'chef-kitchen@example.com', ['ADMINS'])]);
  }, 60_000);

  it('is written by the server for staff, readable by the order’s owner and ADMINS, and changeable by no signed-in user', async () => {
    await clearTables(running.db, running.twin);
    const server = serverStore();
    await placeOrder(server, 'cs_test_ada', 'ada-kitchen@example.com');
    await server.assignOwner('cs_test_ada', ada.owner);
    const preparing = { status: 'preparing' as const, version: 1, history: [{ status: 'preparing' as const, at: '2030-01-15T09:00:00.000Z', by: 'chef@example.com' }] };
    expect((await server.updateFulfilment('cs_test_ada', 0, preparing, [], '2030-01-15T09:00:00.000Z')).outcome).toBe('updated');

    expect((await new AppSyncOrders(userPoolTransport(running.twin, ada.idToken)).getOrder('cs_test_ada'))?.fulfilment).toEqual(preparing);
    expect((await new AppSyncOrders(userPoolTransport(running.twin, admin.accessToken)).getOrder('cs_test_ada'))?.fulfilment).toEqual(preparing);

    for (const token of [ada.idToken, admin.idToken]) {
      const attempt = await userPoolTransport(running.twin, token).request({
        query: 'mutation U($input: UpdateOrderInput!) { updateOrder(input: $input) { id } }',
        variables: { input: { id: 'cs_test_ada', fulfilment: JSON.stringify({ ...preparing, status: 'delivered', version: 2 }) } },
      });
      expect(attempt.errors?.[0]?.errorType).toMatch(/Unauthorized/);
    }
    expect((await server.getOrder('cs_test_ada'))?.fulfilment).toEqual(preparing);
  });
});
