import { Amplify } from 'aws-amplify';
import { amplifyDataTransport } from './amplify-data-transport';
import { AmplifyOrderStore, type AmplifyOrderStoreOptions } from './amplify-order-store';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** `data.url` and `data.aws_region` from amplify_outputs.json. */
export interface AmplifyDataEndpoint {
  url: string;
  region: string;
}

/**
 * The cloud store for the Next.js server: signs AppSync requests with IAM credentials from the given
 * provider — on Amplify Hosting, the SSR compute role, read through the AWS SDK's default chain
 * (e.g. `fromNodeProviderChain()` from @aws-sdk/credential-providers). Configures Amplify globally,
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
  return new AmplifyOrderStore(amplifyDataTransport('iam'), options);
}
