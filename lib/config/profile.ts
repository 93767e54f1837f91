import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * The one decision of which backend the server runs against. The launcher (scripts/lib/local-stack.ts),
 * lib/config/config.ts and lib/composition.ts all read it, so data and auth can never come from two
 * different worlds (cloud orders owned by cognito-local users, issue 10).
 *
 * - local: SQLite, cognito-local, the /dev/mailbox outbox, the local token verifier.
 * - twin:  the offline Amplify Gen 2 stand-in; behaves as cloud (Amplify Data store, adapter-nextjs identity,
 *          Cognito's own invitation) but reads its outputs from TWIN_OUTPUTS_FILE and reaches AWS through the
 *          SDK's standard AWS_ENDPOINT_URL_<SERVICE> variables the twin launcher sets.
 * - cloud: Amplify Data, Cognito and SES from amplify_outputs.json.
 */
export const PROFILES = ['local', 'twin', 'cloud'] as const;
export type Profile = (typeof PROFILES)[number];

export const AMPLIFY_OUTPUTS_FILE = 'amplify_outputs.json';
export const DEFAULT_TWIN_OUTPUTS_FILE = path.join('.data', 'twin', 'amplify_outputs.json');
export const LOCAL_IN_PRODUCTION_OPT_IN = 'ALLOW_LOCAL_PROFILE_IN_PRODUCTION';

export interface ProfileDecision {
  profile: Profile;
  /** One line the launcher prints: why this profile was chosen. */
  reason: string;
  /** The amplify_outputs.json-shaped file this profile reads its backend from (absolute); null in local. */
  outputsFile: string | null;
  /**
   * Surfaces with no real authentication behind them (/dev/mailbox, the local token verifier).
   * Only local and twin have them; cloud never does.
   */
  devSurfaces: boolean;
}

/** What the decision depends on besides the environment, so the table test needs no files. */
export interface ProfileFacts {
  /** The directory holding amplify_outputs.json (the project root). */
  cwd: string;
  fileExists: (file: string) => boolean;
}

const profileName = z.enum(PROFILES, { error: 'must be local, twin or cloud' });
const optional = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().trim().optional().pipe(schema.optional());

const profileEnvSchema = z.object({
  APP_PROFILE: optional(profileName),
  /** The old name, still accepted so existing .env files keep working. */
  APP_MODE: optional(profileName),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  ALLOW_LOCAL_PROFILE_IN_PRODUCTION: optional(z.enum(['1', 'true', '0', 'false'], { error: 'must be 1 or 0' })),
  TWIN_OUTPUTS_FILE: optional(z.string().min(1)),
  COGNITO_ENDPOINT: optional(z.string()),
  COGNITO_USER_POOL_ID: optional(z.string()),
});

type ProfileEnv = z.output<typeof profileEnvSchema>;

/** The decision from an environment and the facts about the files; throws ConfigError with every reason to refuse. */
export function decideProfile(source: Record<string, string | undefined>, facts: ProfileFacts): ProfileDecision {
  const parsed = profileEnvSchema.safeParse(withoutBlanks(source));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  const amplifyOutputs = path.resolve(facts.cwd, AMPLIFY_OUTPUTS_FILE);
  const { profile, reason } = choose(env, facts.fileExists(amplifyOutputs));
  const problems = [...refusals(env, profile, reason), ...endpointOverrides(source, profile, reason)];
  if (problems.length > 0) throw new ConfigError(problems);

  const outputsFile =
    profile === 'local' ? null : profile === 'twin' ? path.resolve(facts.cwd, env.TWIN_OUTPUTS_FILE ?? DEFAULT_TWIN_OUTPUTS_FILE) : amplifyOutputs;
  return { profile, reason, outputsFile, devSurfaces: profile !== 'cloud' };
}

/** The decision for this process (or for a child the launcher is about to start with `source`). */
export function resolveProfile(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): ProfileDecision {
  return decideProfile(source, { cwd, fileExists: (file) => fs.existsSync(file) });
}

function choose(env: ProfileEnv, hasAmplifyOutputs: boolean): { profile: Profile; reason: string } {
  if (env.APP_PROFILE) return { profile: env.APP_PROFILE, reason: `APP_PROFILE=${env.APP_PROFILE}` };
  if (env.APP_MODE) return { profile: env.APP_MODE, reason: `APP_MODE=${env.APP_MODE} (the old name of APP_PROFILE)` };
  if (hasAmplifyOutputs) return { profile: 'cloud', reason: `${AMPLIFY_OUTPUTS_FILE} exists (written by \`npx ampx sandbox\`)` };
  return { profile: 'local', reason: `no APP_PROFILE and no ${AMPLIFY_OUTPUTS_FILE}` };
}

function refusals(env: ProfileEnv, profile: Profile, reason: string): string[] {
  const problems: string[] = [];
  if (env.APP_PROFILE && env.APP_MODE && env.APP_PROFILE !== env.APP_MODE) {
    problems.push(`APP_MODE: says ${env.APP_MODE} but APP_PROFILE says ${env.APP_PROFILE}; remove APP_MODE (the old name)`);
  }
  if (profile !== 'local') {
    // Cloud (or twin) data with cognito-local sign-in gives orders owners the real user pool has never seen.
    if (env.COGNITO_ENDPOINT) {
      problems.push(
        `COGNITO_ENDPOINT: points at cognito-local, but the profile is ${profile} (${reason}); ` +
          (profile === 'twin'
            ? 'the twin reaches Cognito through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: remove COGNITO_ENDPOINT'
            : 'remove COGNITO_ENDPOINT to use the Cognito user pool from amplify_outputs.json, or set APP_PROFILE=local'),
      );
    }
    if (env.COGNITO_USER_POOL_ID?.startsWith('local_')) {
      problems.push(
        `COGNITO_USER_POOL_ID: ${env.COGNITO_USER_POOL_ID} is a cognito-local pool, but the profile is ${profile} (${reason}); ` +
          'remove it, or set APP_PROFILE=local',
      );
    }
  }
  const optedIn = env.ALLOW_LOCAL_PROFILE_IN_PRODUCTION === '1' || env.ALLOW_LOCAL_PROFILE_IN_PRODUCTION === 'true';
  if (env.NODE_ENV === 'production' && profile !== 'cloud' && !optedIn) {
    problems.push(
      `APP_PROFILE: a production server refuses the ${profile} profile (${reason}): it has no real authentication ` +
        `(/dev/mailbox shows every temporary password). Deploy the backend so ${AMPLIFY_OUTPUTS_FILE} exists, or set APP_PROFILE=cloud; ` +
        `to serve a production build on your own machine set ${LOCAL_IN_PRODUCTION_OPT_IN}=1 (npm run preview does)`,
    );
  }
  return problems;
}

/** In cloud, an AWS_ENDPOINT_URL_* left over from the twin would send the AWS SDK somewhere other than AWS. */
function endpointOverrides(source: Record<string, string | undefined>, profile: Profile, reason: string): string[] {
  if (profile !== 'cloud') return [];
  return Object.keys(withoutBlanks(source))
    .filter((name) => name === 'AWS_ENDPOINT_URL' || name.startsWith('AWS_ENDPOINT_URL_'))
    .map((name) => `${name}: redirects the AWS SDK away from AWS, but the profile is cloud (${reason}); remove it, or set APP_PROFILE=twin`);
}

/** An empty value (as left by a copied .env.example) means "not set". */
export function withoutBlanks(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ''),
  );
}
