/**
 * The GraphQL documents the Amplify order store sends. They use the operations Amplify generates for
 * the models in amplify/data/resource.ts (checked against the synthesized schema in tests/amplify).
 * Raw documents rather than `client.models.*` because only they accept a `condition`, which every
 * concurrency guarantee here rests on.
 */
const ORDER_FIELDS = `id owner email status currency amountSubtotal amountTotal amountRefunded items customer shipping
  deliveryDate deliveryWindow orderNumber paymentIntentId sessionCreated history fulfilment phone version createdAt`;
const EVENT_FIELDS = 'id type objectId apiVersion created receivedAt status processedAt lastError attempts claimToken claimedUntil expiresAt';
const FOLLOW_UP_FIELDS = 'key kind payload status progress attempts lastError claimedUntil claimToken enqueuedAt completedAt';

const PAGE_ARGS = '$filter: $FILTER, $limit: Int, $nextToken: String';
const page = (fields: string) => `{ items { ${fields} } nextToken }`;

export const documents = {
  getOrder: `query GetOrder($id: ID!) { getOrder(id: $id) { ${ORDER_FIELDS} } }`,
  listOrders: `query ListOrders(${PAGE_ARGS.replace('$FILTER', 'ModelOrderFilterInput')}) {
    listOrders(filter: $filter, limit: $limit, nextToken: $nextToken) ${page(ORDER_FIELDS)} }`,
  listOrderByOwner: `query ListOrderByOwner($owner: String!, ${PAGE_ARGS.replace('$FILTER', 'ModelOrderFilterInput')}) {
    listOrderByOwner(owner: $owner, filter: $filter, limit: $limit, nextToken: $nextToken) ${page(ORDER_FIELDS)} }`,
  listOrderByEmail: `query ListOrderByEmail($email: String!, ${PAGE_ARGS.replace('$FILTER', 'ModelOrderFilterInput')}) {
    listOrderByEmail(email: $email, filter: $filter, limit: $limit, nextToken: $nextToken) ${page(ORDER_FIELDS)} }`,
  createOrder: `mutation CreateOrder($input: CreateOrderInput!, $condition: ModelOrderConditionInput) {
    createOrder(input: $input, condition: $condition) { ${ORDER_FIELDS} } }`,
  updateOrder: `mutation UpdateOrder($input: UpdateOrderInput!, $condition: ModelOrderConditionInput) {
    updateOrder(input: $input, condition: $condition) { ${ORDER_FIELDS} } }`,

  getStripeEvent: `query GetStripeEvent($id: ID!) { getStripeEvent(id: $id) { ${EVENT_FIELDS} } }`,
  listStripeEvents: `query ListStripeEvents(${PAGE_ARGS.replace('$FILTER', 'ModelStripeEventFilterInput')}) {
    listStripeEvents(filter: $filter, limit: $limit, nextToken: $nextToken) ${page(EVENT_FIELDS)} }`,
  createStripeEvent: `mutation CreateStripeEvent($input: CreateStripeEventInput!, $condition: ModelStripeEventConditionInput) {
    createStripeEvent(input: $input, condition: $condition) { ${EVENT_FIELDS} } }`,
  updateStripeEvent: `mutation UpdateStripeEvent($input: UpdateStripeEventInput!, $condition: ModelStripeEventConditionInput) {
    updateStripeEvent(input: $input, condition: $condition) { ${EVENT_FIELDS} } }`,
  deleteStripeEvent: `mutation DeleteStripeEvent($input: DeleteStripeEventInput!, $condition: ModelStripeEventConditionInput) {
    deleteStripeEvent(input: $input, condition: $condition) { id } }`,

  getFollowUp: `query GetFollowUp($key: String!) { getFollowUp(key: $key) { ${FOLLOW_UP_FIELDS} } }`,
  listFollowUpByStatusAndEnqueuedAt: `query ListFollowUpByStatusAndEnqueuedAt($status: FollowUpStatus!, $sortDirection: ModelSortDirection,
    ${PAGE_ARGS.replace('$FILTER', 'ModelFollowUpFilterInput')}) {
    listFollowUpByStatusAndEnqueuedAt(status: $status, sortDirection: $sortDirection, filter: $filter, limit: $limit, nextToken: $nextToken)
    ${page(FOLLOW_UP_FIELDS)} }`,
  createFollowUp: `mutation CreateFollowUp($input: CreateFollowUpInput!, $condition: ModelFollowUpConditionInput) {
    createFollowUp(input: $input, condition: $condition) { ${FOLLOW_UP_FIELDS} } }`,
  updateFollowUp: `mutation UpdateFollowUp($input: UpdateFollowUpInput!, $condition: ModelFollowUpConditionInput) {
    updateFollowUp(input: $input, condition: $condition) { ${FOLLOW_UP_FIELDS} } }`,
} as const;

export type OperationName = keyof typeof documents;
