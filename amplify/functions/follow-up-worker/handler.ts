import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { Amplify } from 'aws-amplify';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import type { FollowUpStreamRecord } from '../../../lib/services/followups/stream-handler';
import { SesMailer } from '../../../lib/adapters/ses/ses-mailer';
import { amplifyDataTransport } from '../../../lib/adapters/amplify/amplify-data-transport';
import { AmplifyOrderStore } from '../../../lib/adapters/amplify/amplify-order-store';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { followUpStreamBatch, followUpWorkerDeps } from './worker-deps';
import { DynamoCapacityStore } from '../../../lib/adapters/amplify/dynamo-capacity-store';

type DataClientEnv = Parameters<typeof getAmplifyDataClientConfig>[0];

function required(env: NodeJS.ProcessEnv, names: readonly string[]): void {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`follow-up-worker: missing environment variables ${missing.join(', ')}`);
}

required(process.env, [
  'AWS_REGION',
  'AMPLIFY_DATA_DEFAULT_NAME',
  'USER_POOL_ID',
  'SES_FROM_ADDRESS',
  'SITE_URL',
  'ORDER_TABLE_NAME',
  'STRIPE_EVENT_TABLE_NAME',
  'FOLLOW_UP_TABLE_NAME',
  'CAPACITY_TABLE_NAME',
  'DAILY_CAPACITY_SERVINGS',
]);
const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(process.env as DataClientEnv);
Amplify.configure(resourceConfig, libraryOptions);

// Built once per cold start; every invocation reuses them.
const region = process.env.AWS_REGION!;
const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), { marshallOptions: { removeUndefinedValues: true } });
const deps = followUpWorkerDeps({
  // The same store as the server: order reads over AppSync, the queue's writes straight to the model tables.
  store: new AmplifyOrderStore({
    graphql: amplifyDataTransport('iam'),
    dynamo,
    tables: {
      order: process.env.ORDER_TABLE_NAME!,
      stripeEvent: process.env.STRIPE_EVENT_TABLE_NAME!,
      followUp: process.env.FOLLOW_UP_TABLE_NAME!,
    },
  }),
  cognito: new CognitoIdentityProviderClient({ region }),
  userPoolId: process.env.USER_POOL_ID!,
  mailer: new SesMailer(new SESv2Client({ region }), process.env.SES_FROM_ADDRESS!),
  siteUrl: process.env.SITE_URL!,
  capacity: { store: new DynamoCapacityStore(dynamo, process.env.CAPACITY_TABLE_NAME!), dailyCapacityServings: Number(process.env.DAILY_CAPACITY_SERVINGS) },
  // The fulfilment hand-off, when the deploy configured it (resource.ts); its secret is an Amplify secret.
  fulfilmentWebhook:
    process.env.FULFILMENT_WEBHOOK_URL && process.env.FULFILMENT_WEBHOOK_SECRET
      ? { url: process.env.FULFILMENT_WEBHOOK_URL, secret: process.env.FULFILMENT_WEBHOOK_SECRET }
      : null,
});

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  followUpStreamBatch(deps, event.Records as FollowUpStreamRecord[], () => context.getRemainingTimeInMillis());
