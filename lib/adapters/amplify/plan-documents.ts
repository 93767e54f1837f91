/**
 * The GraphQL documents the Amplify plan store sends, over the operations Amplify generates for the
 * Plan model in amplify/data/resource.ts. Raw documents because only they accept a `condition`.
 */
const PLAN_FIELDS = 'id owner email status customerId data version';
const PAGE_ARGS = '$filter: ModelPlanFilterInput, $limit: Int, $nextToken: String';
const PAGE = `{ items { ${PLAN_FIELDS} } nextToken }`;

export const planDocuments = {
  getPlan: `query GetPlan($id: ID!) { getPlan(id: $id) { ${PLAN_FIELDS} } }`,
  listPlanByOwner: `query ListPlanByOwner($owner: String!, ${PAGE_ARGS}) {
    listPlanByOwner(owner: $owner, filter: $filter, limit: $limit, nextToken: $nextToken) ${PAGE} }`,
  listPlanByEmail: `query ListPlanByEmail($email: String!, ${PAGE_ARGS}) {
    listPlanByEmail(email: $email, filter: $filter, limit: $limit, nextToken: $nextToken) ${PAGE} }`,
  createPlan: `mutation CreatePlan($input: CreatePlanInput!, $condition: ModelPlanConditionInput) {
    createPlan(input: $input, condition: $condition) { ${PLAN_FIELDS} } }`,
  updatePlan: `mutation UpdatePlan($input: UpdatePlanInput!, $condition: ModelPlanConditionInput) {
    updatePlan(input: $input, condition: $condition) { ${PLAN_FIELDS} } }`,
} as const;

export type PlanOperation = keyof typeof planDocuments;
