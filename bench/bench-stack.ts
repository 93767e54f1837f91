import { startLocalStack, type LocalStack } from '../scripts/lib/local-stack';

export interface BenchStackOptions {
  dataDir: string;
  shopPort: number;
  stripePort: number;
  cognitoPort: number;
  webhookSecret: string;
  /** Extra settings for the app (e.g. a higher checkout rate limit). */
  extraEnv?: Record<string, string>;
  /** A cognito-local the bench runs itself (so it can stop and restart it); otherwise the stack starts one. */
  cognito?: { userPoolId: string; clientId: string; endpoint: string };
}

/**
 * Starts the production build with Local Stripe and cognito-local on the bench's own ports and data,
 * whatever the shell has configured: figures must be comparable between machines, and the default
 * ports belong to a running `npm run dev`.
 */
export function startBenchStack(options: BenchStackOptions): Promise<LocalStack> {
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_API_BASE', 'COGNITO_USER_POOL_ID', 'COGNITO_CLIENT_ID', 'COGNITO_ENDPOINT', 'APP_PROFILE', 'APP_MODE']) {
    delete process.env[name];
  }
  Object.assign(process.env, {
    LOCAL_DATA_DIR: options.dataDir,
    STRIPE_EMULATOR_PORT: String(options.stripePort),
    COGNITO_LOCAL_PORT: String(options.cognitoPort),
    STRIPE_WEBHOOK_SECRET: options.webhookSecret,
    NEXT_PUBLIC_SITE_URL: `http://localhost:${options.shopPort}`,
    BENCH_ROUTES: '1',
    // A production build on this machine with the local emulators (lib/config/profile.ts).
    APP_PROFILE: 'local',
    ALLOW_LOCAL_PROFILE_IN_PRODUCTION: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...options.extraEnv,
    ...(options.cognito
      ? { COGNITO_USER_POOL_ID: options.cognito.userPoolId, COGNITO_CLIENT_ID: options.cognito.clientId, COGNITO_ENDPOINT: options.cognito.endpoint }
      : {}),
  });
  return startLocalStack({ nextCommand: 'start', port: options.shopPort, fresh: true });
}
