import { GetParametersCommand, type GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import { ConfigError } from './config-error';

/**
 * Secrets the server reads from SSM Parameter Store (SecureString) at start, instead of from
 * .env.production, which anyone with access to the deployment artifacts can read (AWS's own warning).
 * Each secret variable has a companion naming its parameter.
 */
export const SECRET_PARAMETERS = {
  STRIPE_SECRET_KEY: 'STRIPE_SECRET_KEY_PARAMETER',
  STRIPE_WEBHOOK_SECRET: 'STRIPE_WEBHOOK_SECRET_PARAMETER',
  RECONCILE_SECRET: 'RECONCILE_SECRET_PARAMETER',
  FULFILMENT_WEBHOOK_SECRET: 'FULFILMENT_WEBHOOK_SECRET_PARAMETER',
} as const;

export type SecretName = keyof typeof SECRET_PARAMETERS;

/** The one call we make; an SSMClient fits, and tests inject their own. */
export interface ParameterClient {
  send(command: GetParametersCommand, options?: { abortSignal?: AbortSignal }): Promise<GetParametersCommandOutput>;
}

export const SSM_TIMEOUT_MS = 5000;

/** Which secrets are to be read from SSM, by parameter name; refuses a secret given both ways. */
export function wantedParameters(env: Record<string, string | undefined>): Map<SecretName, string> {
  const wanted = new Map<SecretName, string>();
  const issues: string[] = [];
  for (const [secret, parameterVariable] of Object.entries(SECRET_PARAMETERS) as Array<[SecretName, string]>) {
    const parameter = env[parameterVariable]?.trim();
    if (!parameter) continue;
    if (env[secret]?.trim()) {
      issues.push(`${secret}: set directly and through ${parameterVariable}; keep only ${parameterVariable} (secrets stay out of .env.production)`);
      continue;
    }
    wanted.set(secret, parameter);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return wanted;
}

/**
 * Reads the wanted secrets with one GetParameters call (decrypted), within a timeout.
 * Errors name the parameter variable and the likely fix, never a value.
 */
export async function readSecretParameters(
  env: Record<string, string | undefined>,
  client: ParameterClient,
  timeoutMs = SSM_TIMEOUT_MS,
): Promise<Partial<Record<SecretName, string>>> {
  const wanted = wantedParameters(env);
  if (wanted.size === 0) return {};
  const names = [...new Set(wanted.values())];
  let output: GetParametersCommandOutput;
  try {
    output = await client.send(new GetParametersCommand({ Names: names, WithDecryption: true }), { abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = isTimeout(error) ? `no answer within ${timeoutMs / 1000} s` : `${(error as Error).name}: ${(error as Error).message}`;
    throw new ConfigError(
      [...wanted.keys()].map(
        (secret) =>
          `${SECRET_PARAMETERS[secret]}: could not read ${wanted.get(secret)} from SSM Parameter Store (${reason}); ` +
          'check the SSR compute role (ssm:GetParameters and kms:Decrypt) and AWS_REGION',
      ),
    );
  }
  const values = new Map((output.Parameters ?? []).map((parameter) => [parameter.Name, parameter.Value]));
  const found: Partial<Record<SecretName, string>> = {};
  const issues: string[] = [];
  for (const [secret, name] of wanted) {
    const value = values.get(name)?.trim();
    if (value) found[secret] = value;
    else issues.push(`${SECRET_PARAMETERS[secret]}: no parameter ${name} in SSM Parameter Store (in this region); create it as a SecureString`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return found;
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
