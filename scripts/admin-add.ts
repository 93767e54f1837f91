/**
 * `npm run admin:add -- <email> [--twin]`: makes an existing user kitchen staff (the ADMINS group) in the
 * local cognito-local pool (default) or the Amplify twin's pool (`--twin`). The stack must be running.
 * In the cloud use `aws cognito-idp admin-add-user-to-group` (docs/deploy-aws.md).
 * The user signs out and in again to get a token that names the group.
 */
import path from 'node:path';
import { cognitoLocalClient } from '../emulators/cognito/start-cognito-local';
import { readAmplifyOutputs } from '../lib/config/amplify-outputs';
import { readLocalUserPool } from '../common/local-user-pool';
import { addToStaffGroup } from '../lib/adapters/cognito/cognito-staff-group';
import { loadEnvFiles } from './lib/env-files';

loadEnvFiles();

interface Target {
  name: string;
  endpoint: string;
  userPoolId: string;
}

function resolveTarget(twin: boolean, env: NodeJS.ProcessEnv): Target {
  const dataDir = path.resolve(env.LOCAL_DATA_DIR || '.data');
  if (twin) {
    const outputsFile = env.TWIN_OUTPUTS_FILE ? path.resolve(env.TWIN_OUTPUTS_FILE) : path.join(dataDir, 'twin', 'amplify_outputs.json');
    const userPoolId = readAmplifyOutputs(outputsFile)?.auth?.user_pool_id;
    if (!userPoolId) throw new Error(`No twin user pool in ${outputsFile}: start the twin first (npm run dev -- --twin)`);
    return { name: 'twin', userPoolId, endpoint: env.TWIN_COGNITO_ORIGIN ?? `http://127.0.0.1:${env.TWIN_COGNITO_PORT ?? 9329}` };
  }
  const pool = readLocalUserPool(dataDir);
  if (!pool) throw new Error(`No local user pool in ${dataDir}: start the shop first (npm run dev)`);
  return { name: 'local', userPoolId: pool.userPoolId, endpoint: env.COGNITO_ENDPOINT ?? `http://127.0.0.1:${env.COGNITO_LOCAL_PORT ?? 9229}` };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const email = args.find((arg) => !arg.startsWith('--'));
  if (!email || !email.includes('@')) throw new Error('Usage: npm run admin:add -- <email> [--twin]');
  const target = resolveTarget(args.includes('--twin'), process.env);
  const client = cognitoLocalClient(target.endpoint);
  try {
    const { username } = await addToStaffGroup(client, target.userPoolId, email);
    process.stdout.write(`${email} (user ${username}) is now staff (ADMINS) in the ${target.name} pool ${target.userPoolId}. Sign out and in again to see /admin.\n`);
  } finally {
    client.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
