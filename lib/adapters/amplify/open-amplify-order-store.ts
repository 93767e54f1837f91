import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Amplify } from 'aws-amplify';
import { awsClientTimeouts } from '../../security/outbound-timeouts';
import { amplifyDataTransport } from './amplify-data-transport';
import { AmplifyOrderStore, type AmplifyOrderStoreOptions } from './amplify-order-store';
import type { OrderStoreTables } from './dynamo-items';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** `data.url`, `data.aws_region` and `custom.orderStoreTables` (backend.addOutput) from amplify_outputs.json. */
export interface AmplifyDataEndpoint {
  url: string;
  region: string;
  tables: OrderStoreTables;
  /** The model tables' endpoint when not the SDK's default (the twin's DynamoDB Local, outside the shop's env). */
  dynamoEndpoint?: string;
}

/**
 * The cloud store for the Next.js server: signs AppSync requests with IAM credentials from the given
 * provider — on Amplify Hosting, the SSR compute role, read through the AWS SDK's default chain
 * (e.g. `fromNodeProviderChain()` from @aws-sdk/credential-providers); the same credentials write the
 * model tables (AWS_ENDPOINT_URL_DYNAMODB points the SDK at the twin's DynamoDB Local). Configures Amplify globally,
 * so call it once per process (composition does).
 */
export function openAmplifyOrderStore(
  endpoint: AmplifyDataEndpoint,
  credentials: () => Promise<AwsCredentials>,
  options: AmplifyOrderStoreOptions = {},
): AmplifyOrderStore {
  Amplify.configure(
    { ...Amplify.getConfig(), API: { GraphQL: { endpoint: endpoint.url, region: endpoint.region, defaultAuthMode: 'iam' } } },
    {
      Auth: {
        credentialsProvider: {
          getCredentialsAndIdentityId: async () => ({ credentials: await credentials() }),
          clearCredentialsAndIdentityId: () => undefined,
        },
      },
    },
  );
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ region: endpoint.region, credentials, ...awsClientTimeouts(), ...(endpoint.dynamoEndpoint ? { endpoint: endpoint.dynamoEndpoint } : {}) }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new AmplifyOrderStore({ graphql: amplifyDataTransport('iam'), dynamo, tables: endpoint.tables }, options);
}
