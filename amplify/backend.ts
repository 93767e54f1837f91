import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { postConfirmation } from './functions/post-confirmation/resource';

const backend = defineBackend({ auth, data, postConfirmation });

// Local mode signs in with USER_PASSWORD_AUTH (cognito-local has no SRP); allow the same flow in the cloud so
// one sign-in code path works in both. SRP stays enabled for the Amplify UI default.
backend.auth.resources.cfnResources.cfnUserPoolClient.explicitAuthFlows = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];

// Stripe event records expire ~90 days after receipt (the store sets expiresAt); Stripe never redelivers that late.
const stripeEventTable = backend.data.resources.cfnResources.amplifyDynamoDbTables['StripeEvent'];
if (!stripeEventTable) throw new Error('The StripeEvent table is missing from the data stack.');
stripeEventTable.timeToLiveAttribute = { attributeName: 'expiresAt', enabled: true };

// The server writes a Stripe event, its order and its follow-ups in one DynamoDB transaction over these
// Amplify-generated tables (lib/store/amplify/dynamo-ledger.ts); amplify_outputs.json carries their names.
const { tables } = backend.data.resources;
backend.addOutput({
  custom: {
    orderStoreTables: {
      order: tables['Order']!.tableName,
      stripeEvent: tables['StripeEvent']!.tableName,
      followUp: tables['FollowUp']!.tableName,
    },
  },
});
