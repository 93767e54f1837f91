import type { PostConfirmationTriggerHandler } from 'aws-lambda';
import { Amplify } from 'aws-amplify';
import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { AppSyncOrders } from '../../../lib/adapters/amplify/appsync-orders';
import { amplifyDataTransport } from '../../../lib/adapters/amplify/amplify-data-transport';
import { linkOrdersOnConfirmation } from '../../../lib/adapters/amplify/link-orders-on-confirmation';
import { errorForLog } from '../../../lib/logger';

type DataClientEnv = Parameters<typeof getAmplifyDataClientConfig>[0];

/** The variables Amplify gives a function with data access (see `allow.resource` in data/resource.ts). */
function dataClientEnv(env: NodeJS.ProcessEnv): DataClientEnv {
  const required = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AMPLIFY_DATA_DEFAULT_NAME'] as const;
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`post-confirmation: missing environment variables ${missing.join(', ')}`);
  return env as DataClientEnv;
}

// Configured once per cold start; the same store then serves every invocation.
const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(dataClientEnv(process.env));
Amplify.configure(resourceConfig, libraryOptions);
// Linking orders is an ownership write, which goes through AppSync (the function's allow.resource grant).
const store = new AppSyncOrders(amplifyDataTransport('iam'));

export const handler: PostConfirmationTriggerHandler = async (event) => {
  try {
    const outcome = await linkOrdersOnConfirmation(store, {
      triggerSource: event.triggerSource,
      userName: event.userName,
      userAttributes: event.request.userAttributes,
    });
    console.log(JSON.stringify({ msg: 'post-confirmation', outcome }));
  } catch (error) {
    // The account is confirmed either way; throwing would only show the customer an error. The store
    // keeps unowned orders claimable, so linking can happen again later (e.g. on the orders page).
    console.error(JSON.stringify({ msg: 'post-confirmation: linking orders failed', err: errorForLog(error) }));
  }
  return event;
};
