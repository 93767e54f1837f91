import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { followUpWorker } from './functions/follow-up-worker/resource';
import { wireFollowUpWorker } from './functions/follow-up-worker/wiring';
import { postConfirmation } from './functions/post-confirmation/resource';
// Reconciliation on a schedule (EventBridge → function → POST /api/reconcile), not an external cron.
import { reconcileSchedule } from './functions/reconcile-schedule/resource';
import { addEdgeRateLimits } from './security/edge-rate-limits';

const backend = defineBackend({ auth, data, postConfirmation, reconcileSchedule, followUpWorker });

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

// Issue 14: the shared (cross-instance) rate limit is an AWS WAF web ACL for Amplify Hosting's firewall.
// Opt-in (WAF bills per web ACL and it must live in us-east-1): SHOP_EDGE_WAF=1 when synthesizing.
if (process.env.SHOP_EDGE_WAF === '1') addEdgeRateLimits(backend.createStack('edge-security'));

// ── Follow-up worker (issue 13): the FollowUp table's stream runs after-payment work off the webhook's path. ──
wireFollowUpWorker(backend);

// The server writes a Stripe event, its order and its follow-ups in one DynamoDB transaction over these
// Amplify-generated tables (lib/adapters/amplify/dynamo-ledger.ts); amplify_outputs.json carries their names.
const { tables } = backend.data.resources;
backend.addOutput({
  custom: {
    orderStoreTables: {
      order: tables['Order']!.tableName,
      stripeEvent: tables['StripeEvent']!.tableName,
      followUp: tables['FollowUp']!.tableName,
    },
    // Per-day capacity (lib/adapters/amplify/dynamo-capacity-store.ts), written directly like the ledger tables.
    capacityTable: tables['CapacityEntry']!.tableName,
  },
});
