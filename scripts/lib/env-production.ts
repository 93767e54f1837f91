import type { AmplifyOutputs } from '../../lib/config/amplify-outputs';
import { ConfigError } from '../../lib/config/config-error';
import { SECRET_PARAMETERS } from '../../lib/config/ssm-secrets';

/**
 * Amplify Hosting gives console variables to the build only; AWS's documented way to reach the Next.js
 * server at run time is to write them into .env.production during the build. Anyone with access to the
 * deployment artifacts can read that file, so only non-secret settings go there: the secrets stay in
 * SSM Parameter Store and this file carries just their parameter names.
 */
export const SERVER_SETTINGS = [
  'NEXT_PUBLIC_SITE_URL',
  'SES_FROM_ADDRESS',
  'SHOP_TIME_ZONE',
  'LOG_LEVEL',
  'CHECKOUT_RATE_LIMIT_PER_MINUTE',
  'TRUSTED_PROXY_HOPS',
  'CHECKOUT_LEAD_TIME_HOURS',
  'DELIVERY_WINDOWS',
  'DAILY_CAPACITY_SERVINGS',
  'SHOP_NAME',
  'SHOP_PHONE',
  'SHOP_EMAIL',
  'SHOP_ADDRESS',
  'SHOP_CANCELLATION_POLICY',
  'SHOP_ALLERGEN_POLICY',
  'FULFILMENT_WEBHOOK_URL',
  ...Object.values(SECRET_PARAMETERS),
] as const;

/** The lines of .env.production for a cloud deployment, from the build's variables and the branch's outputs. */
export function envProductionLines(env: Record<string, string | undefined>, outputs: AmplifyOutputs | null): string[] {
  const issues: string[] = [];
  for (const [secret, parameter] of Object.entries(SECRET_PARAMETERS)) {
    if (env[secret]?.trim()) {
      issues.push(`${secret}: is set as a build variable and would be written where the artifacts are readable; store it in SSM Parameter Store and set ${parameter} instead`);
    }
  }
  if (!outputs?.auth || !outputs.data) issues.push('amplify_outputs.json: missing or without auth and data; the backend phase (`npx ampx pipeline-deploy`) writes it');
  if (issues.length > 0) throw new ConfigError(issues);

  const values: Array<[string, string | undefined]> = [
    ['APP_PROFILE', 'cloud'],
    ['AWS_REGION', outputs?.data?.aws_region],
    ['AMPLIFY_DATA_URL', outputs?.data?.url],
    ['AMPLIFY_ORDER_TABLE', outputs?.custom?.orderStoreTables?.order],
    ['AMPLIFY_STRIPE_EVENT_TABLE', outputs?.custom?.orderStoreTables?.stripeEvent],
    ['AMPLIFY_FOLLOW_UP_TABLE', outputs?.custom?.orderStoreTables?.followUp],
    ['AMPLIFY_CAPACITY_TABLE', outputs?.custom?.capacityTable],
    ['COGNITO_USER_POOL_ID', outputs?.auth?.user_pool_id],
    ['COGNITO_CLIENT_ID', outputs?.auth?.user_pool_client_id],
    ...SERVER_SETTINGS.map((name): [string, string | undefined] => [name, env[name]]),
  ];
  return values.filter((entry): entry is [string, string] => Boolean(entry[1]?.trim())).map(([name, value]) => `${name}=${quoted(name, value.trim())}`);
}

function quoted(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new ConfigError([`${name}: a value on more than one line cannot go into .env.production`]);
  return /^[\w@%+=:,./-]*$/.test(value) ? value : `"${value.replace(/(["\\$])/g, '\\$1')}"`;
}
