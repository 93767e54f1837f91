/**
 * The GraphQL documents the Amplify order store sends. They use the operations Amplify generates for
 * the models in amplify/data/resource.ts (checked against the synthesized schema in tests/amplify).
 * Raw documents rather than `client.models.*` because only they accept a `condition`, which every
 * concurrency guarantee here rests on.
 */
const ORDER_FIELDS = `id owner email status currency amountSubtotal amountTotal amountRefunded items customer shipping
  deliveryDate deliveryWindow orderNumber paymentIntentId sessionCreated history fulfilment phone version createdAt notes dietaryRequirements`;

const PAGE_ARGS = '$filter: $FILTER, $limit: Int, $nextToken: String';
const page = (fields: string) => `{ items { ${fields} } nextToken }`;

export const documents = {
  getOrder: `query GetOrder($id: ID!) { getOrder(id: $id) { ${ORDER_FIELDS} } }`,
  listOrderByOwner: `query ListOrderByOwner($owner: String!, ${PAGE_ARGS.replace('$FILTER', 'ModelOrderFilterInput')}) {
    listOrderByOwner(owner: $owner, filter: $filter, limit: $limit, nextToken: $nextToken) ${page(ORDER_FIELDS)} }`,
  listOrderByEmail: `query ListOrderByEmail($email: String!, ${PAGE_ARGS.replace('$FILTER', 'ModelOrderFilterInput')}) {
    listOrderByEmail(email: $email, filter: $filter, limit: $limit, nextToken: $nextToken) ${page(ORDER_FIELDS)} }`,
  getCursor: `query GetCursor($name: String!) { getCursor(name: $name) { name value } }`,
  createCursor: `mutation CreateCursor($input: CreateCursorInput!) { createCursor(input: $input) { name value } }`,
  updateCursor: `mutation UpdateCursor($input: UpdateCursorInput!) { updateCursor(input: $input) { name value } }`,
  updateOrder: `mutation UpdateOrder($input: UpdateOrderInput!, $condition: ModelOrderConditionInput) {
    updateOrder(input: $input, condition: $condition) { ${ORDER_FIELDS} } }`,
} as const;

export type OperationName = keyof typeof documents;
