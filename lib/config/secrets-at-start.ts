import { SSMClient } from '@aws-sdk/client-ssm';
import { ConfigError } from './config-error';
import { readSecretParameters, wantedParameters, type ParameterClient } from './ssm-secrets';

// On globalThis: instrumentation and the route bundles are separate module graphs in one process.
const holder = globalThis as typeof globalThis & { __secretLoad?: Promise<string[]>; __secretLoadIssues?: string[] };

/**
 * Called once from instrumentation.ts before the server takes requests: reads the secrets named by
 * *_PARAMETER variables from SSM (through the SSR compute role's credentials) into the environment the
 * configuration is built from. Returns the problems instead of throwing, so /api/health can report them.
 */
export function loadSecretsAtStart(
  env: Record<string, string | undefined> = process.env,
  makeClient: (region: string | undefined) => ParameterClient = (region) => new SSMClient(region ? { region } : {}),
): Promise<string[]> {
  holder.__secretLoad ??= (async () => {
    try {
      if (wantedParameters(env).size > 0) Object.assign(env, await readSecretParameters(env, makeClient(env.AWS_REGION)));
      holder.__secretLoadIssues = [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      holder.__secretLoadIssues = error.issues;
    }
    return holder.__secretLoadIssues;
  })();
  return holder.__secretLoad;
}

/** Problems from the start-up secret load (empty before it ran or when it succeeded). */
export function secretLoadIssues(): string[] {
  return holder.__secretLoadIssues ?? [];
}

/** For tests: forget the cached load. */
export function resetSecretLoad(): void {
  delete holder.__secretLoad;
  delete holder.__secretLoadIssues;
}
