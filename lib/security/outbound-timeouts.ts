/**
 * Every call the server makes to another service has a deadline, so a slow or dead dependency costs a
 * request seconds, not minutes (the AWS SDK's default is no request timeout at all; Stripe's is 80 s).
 */
export const OUTBOUND_TIMEOUTS = {
  /** Cognito, SES and other AWS SDK calls: per attempt. */
  awsRequestMs: 5_000,
  awsConnectMs: 3_000,
  /** Stripe SDK calls (it retries twice on its own). */
  stripeMs: 20_000,
  /** Amplify Data (AppSync) calls, through withDeadline (lib/security/deadline.ts): its client takes no timeout. */
  appSyncMs: 10_000,
  /** cognito-local's JWKS, read once per process. */
  jwksMs: 3_000,
  /** One POST of a signed event to the fulfilment system (FULFILMENT_WEBHOOK_URL); the queue retries after it. */
  fulfilmentWebhookMs: 10_000,
} as const;

/**
 * AWS SDK v3 client options: a connection and a request deadline, and one retry. The current
 * @smithy/node-http-handler only logs a warning when `requestTimeout` passes unless
 * `throwOnRequestTimeout` is set (tests/integration/hostile-outages.test.ts holds it to that).
 */
export function awsClientTimeouts(requestTimeoutMs: number = OUTBOUND_TIMEOUTS.awsRequestMs) {
  return {
    requestHandler: {
      requestTimeout: requestTimeoutMs,
      connectionTimeout: Math.min(OUTBOUND_TIMEOUTS.awsConnectMs, requestTimeoutMs),
      throwOnRequestTimeout: true,
    },
    maxAttempts: 2,
  };
}
