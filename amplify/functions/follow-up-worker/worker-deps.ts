import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoAccountProvisioner } from '../../../lib/adapters/cognito/cognito-provisioner';
import { systemClock } from '../../../lib/domain/clock';
import { runFollowUp, type FollowUpDeps } from '../../../lib/services/followups/run-follow-ups';
import { handleFollowUpStream, type FollowUpStreamRecord, type StreamBatchResponse } from '../../../lib/services/followups/stream-handler';
import type { FulfilmentWebhookTarget } from '../../../lib/services/fulfilment-handoff/deliver';
import { createLogger } from '../../../lib/logger';
import type { Mailer } from '../../../lib/domain/mail/mailer';
import type { CapacityStore } from '../../../lib/domain/capacity/capacity-store';

export interface FollowUpWorkerWiring {
  /** The AmplifyOrderStore over AppSync and the model tables. */
  store: FollowUpDeps['store'];
  cognito: CognitoIdentityProviderClient;
  userPoolId: string;
  /** The shop's own emails (SES in the cloud, the local mailbox in the twin). */
  mailer: Mailer;
  siteUrl: string;
  /**
   * Per-day capacity, for the capacity-release and capacity-confirm jobs. Without Stripe here, an overbooked
   * session's refund fails and is parked; reconciliation on the server (which has Stripe) finishes it.
   */
  capacity?: { store: CapacityStore; dailyCapacityServings: number };
  /** Where signed order events go (FULFILMENT_WEBHOOK_URL / _SECRET); absent when the hand-off is off. */
  fulfilmentWebhook?: FulfilmentWebhookTarget | null;
}

/**
 * The follow-up worker's dependencies, shared by the Lambda handler and the twin's stream poller so the twin
 * runs the handler's wiring: Cognito sends the invitation itself, backoff capped at a minute so a retry
 * always fits one invocation (see stream-handler).
 */
export function followUpWorkerDeps(wiring: FollowUpWorkerWiring): FollowUpDeps {
  return {
    store: wiring.store,
    accounts: new CognitoAccountProvisioner(wiring.cognito, wiring.userPoolId, { by: 'cognito' }),
    mailer: wiring.mailer,
    siteUrl: wiring.siteUrl,
    capacity: wiring.capacity?.store,
    dailyCapacityServings: wiring.capacity?.dailyCapacityServings,
    clock: systemClock,
    logger: createLogger('info'),
    retryPolicy: { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 10 },
    fulfilmentWebhook: wiring.fulfilmentWebhook ?? null,
  };
}

/** One stream batch through the shared job code, as the Lambda runs it. */
export function followUpStreamBatch(
  deps: FollowUpDeps,
  records: readonly FollowUpStreamRecord[],
  remainingMs: () => number,
): Promise<StreamBatchResponse> {
  return handleFollowUpStream(
    {
      clock: deps.clock,
      logger: deps.logger,
      runFollowUp: (key) => runFollowUp(deps, key),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      remainingMs,
    },
    records,
  );
}
