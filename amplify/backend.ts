import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { followUpWorker } from './functions/follow-up-worker/resource';
import { wireFollowUpWorker } from './functions/follow-up-worker/wiring';
import { postConfirmation } from './functions/post-confirmation/resource';

const backend = defineBackend({ auth, data, postConfirmation, followUpWorker });

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

// ── Follow-up worker (issue 13): the FollowUp table's stream runs after-payment work off the webhook's path. ──
wireFollowUpWorker(backend);
