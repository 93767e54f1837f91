import type { BackendAssembly, TableSpec } from './assembly';

/** The table names the backend exports with `backend.addOutput` (amplify/backend.ts), per model. */
export interface OrderStoreTables {
  order: string;
  stripeEvent: string;
  followUp: string;
}

export function orderStoreTables(tables: TableSpec[]): OrderStoreTables {
  const named = (model: string) => {
    const table = tables.find((candidate) => candidate.model === model);
    if (!table) throw new Error(`The data stack has no ${model} table.`);
    return table.tableName;
  };
  return { order: named('Order'), stripeEvent: named('StripeEvent'), followUp: named('FollowUp') };
}

/** amplify_outputs.json as `ampx sandbox` would write it for this backend, pointing at the twin. */
export function twinOutputs(assembly: BackendAssembly, twin: { region: string; userPoolId: string; clientId: string; graphqlUrl: string }) {
  return {
    version: '1.4',
    auth: {
      aws_region: twin.region,
      user_pool_id: twin.userPoolId,
      user_pool_client_id: twin.clientId,
      username_attributes: assembly.userPool.usernameAttributes,
      standard_required_attributes: ['email'],
      user_verification_types: assembly.userPool.autoVerifiedAttributes,
      groups: assembly.userPool.groups.map((group, precedence) => ({ [group]: { precedence } })),
      unauthenticated_identities_enabled: false,
    },
    data: {
      url: twin.graphqlUrl,
      aws_region: twin.region,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['AWS_IAM'],
    },
    custom: { orderStoreTables: orderStoreTables(assembly.tables), capacityTable: assembly.tables.find((table) => table.model === 'CapacityEntry')?.tableName },
  };
}
