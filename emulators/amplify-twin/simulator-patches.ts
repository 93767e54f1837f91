import { createRequire } from 'node:module';

/**
 * Fixes for two bugs of @aws-amplify/amplify-appsync-simulator 2.16 that the shop's resolvers hit, applied
 * to its `$util.transform` object (lib/velocity/util/transform/index.js), which every template shares:
 *
 * 1. `toDynamoDBConditionExpression` returns no `expressionValues`, so every condition with a value
 *    (`version eq N`, `status eq "pending"`) reaches DynamoDB with undefined placeholders and fails
 *    (aws-amplify/amplify-category-api#1450, aws-amplify/amplify-cli#12606). AppSync returns them.
 * 2. `attributeExists` adds a value placeholder the expression never uses; DynamoDB rejects a request with
 *    an unused value ("Value provided in ExpressionAttributeValues unused in expressions"). AppSync does not
 *    emit it. Both functions therefore keep only the values their expression names.
 */
interface FilterExpression {
  expressions: string[];
  expressionNames: Record<string, string>;
  expressionValues: Record<string, unknown>;
}

interface TransformUtils {
  toDynamoDBConditionExpression(condition: { toJSON(): unknown }): string;
  toDynamoDBFilterExpression(filter: { toJSON(): unknown }): string;
}

const simulatorRequire = createRequire(require.resolve('@aws-amplify/amplify-appsync-simulator'));
const PATCHED = Symbol.for('amplify-twin.simulator-patched');

function usedValuesOnly(result: FilterExpression) {
  const expression = result.expressions.join(' ').trim();
  const used = Object.fromEntries(Object.entries(result.expressionValues).filter(([name]) => new RegExp(`${name}(?![\\w])`).test(expression)));
  return { expression, expressionNames: result.expressionNames, expressionValues: used };
}

export function patchAppSyncSimulator(): void {
  const { transformUtils } = simulatorRequire('./velocity/util/transform/index.js') as { transformUtils: TransformUtils & { [PATCHED]?: true } };
  const { generateFilterExpression } = simulatorRequire('./velocity/util/transform/dynamodb-filter.js') as {
    generateFilterExpression(filter: unknown): FilterExpression;
  };
  if (transformUtils[PATCHED]) return;
  transformUtils.toDynamoDBConditionExpression = (condition) => JSON.stringify(usedValuesOnly(generateFilterExpression(condition.toJSON())));
  transformUtils.toDynamoDBFilterExpression = (filter) => JSON.stringify(usedValuesOnly(generateFilterExpression(filter.toJSON())));
  transformUtils[PATCHED] = true;
}
