import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { followUpStreamBatch, followUpWorkerDeps } from '../../amplify/functions/follow-up-worker/worker-deps';
import type { FollowUpDeps } from '../../lib/services/followups/run-follow-ups';
import type { FulfilmentWebhookTarget } from '../../lib/services/fulfilment-handoff/deliver';
import type { Mailer } from '../../lib/domain/mail/mailer';
import { openAmplifyOrderStore } from '../../lib/adapters/amplify/open-amplify-order-store';
import { dynamoClient } from './dynamodb-local';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCapacityStore } from '../../lib/adapters/amplify/dynamo-capacity-store';
import { DEFAULT_DAILY_CAPACITY_SERVINGS } from '../../lib/domain/checkout/catering-rules';
import { startFollowUpStream, type RunningFollowUpStream } from './follow-up-stream';
import type { AmplifyTwin } from './index';

/** What one invocation may spend: the function's timeoutSeconds (amplify/functions/follow-up-worker/resource.ts). */
const INVOCATION_MS = 180_000;

export interface TwinFollowUpWorkerOptions {
  /** The shop's own emails: the local mailbox the twin profile reads at /dev/mailbox. */
  mailer: Mailer;
  siteUrl: string;
  /** The fulfilment hand-off's receiver, as the deployed function gets it (FULFILMENT_WEBHOOK_URL / _SECRET). */
  fulfilmentWebhook?: FulfilmentWebhookTarget | null;
  /** Test seam around the Lambda's dependencies (e.g. accounts failing once); the wiring's own by default. */
  adjustDeps?: (deps: FollowUpDeps) => FollowUpDeps;
  onError?: (error: unknown) => void;
}

/**
 * The cloud follow-up worker against the twin: the Lambda handler's dependencies (worker-deps.ts) over the
 * twin's AppSync, DynamoDB Local tables and cognito-local, fed by the FollowUp table's stream.
 */
export function startTwinFollowUpWorker(twin: AmplifyTwin, options: TwinFollowUpWorkerOptions): Promise<RunningFollowUpStream> {
  const credentials = async () => twin.credentials;
  const store = openAmplifyOrderStore(
    { url: twin.graphqlUrl, region: twin.region, tables: twin.tables, dynamoEndpoint: twin.dynamodbEndpoint },
    credentials,
  );
  const capacityTable = twin.assembly.tables.find((table) => table.model === 'CapacityEntry')?.tableName;
  const capacity = capacityTable
    ? {
        store: new DynamoCapacityStore(DynamoDBDocumentClient.from(dynamoClient(twin.dynamodbEndpoint, twin.region)), capacityTable),
        dailyCapacityServings: Number(process.env.DAILY_CAPACITY_SERVINGS) || DEFAULT_DAILY_CAPACITY_SERVINGS,
      }
    : undefined;
  const wired = followUpWorkerDeps({ store, cognito: twin.cognito.client, userPoolId: twin.userPoolId, mailer: options.mailer, siteUrl: options.siteUrl, capacity, fulfilmentWebhook: options.fulfilmentWebhook });
  const deps = options.adjustDeps ? options.adjustDeps(wired) : wired;
  return startFollowUpStream({
    dynamo: dynamoClient(twin.dynamodbEndpoint, twin.region),
    streams: new DynamoDBStreamsClient({ endpoint: twin.dynamodbEndpoint, region: twin.region, credentials: twin.credentials }),
    tableName: twin.tables.followUp,
    handleBatch: (records) => {
      const deadline = Date.now() + INVOCATION_MS;
      return followUpStreamBatch(deps, records, () => deadline - Date.now());
    },
    onError: options.onError,
  });
}
