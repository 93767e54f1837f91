import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/lib/config/config-error';
import { decideProfile, type Profile } from '@/lib/config/profile';

const cwd = path.resolve('/shop');
const outputs = path.join(cwd, 'amplify_outputs.json');
const twinOutputs = path.join(cwd, '.data/twin/amplify_outputs.json');

function decide(env: Record<string, string>, withAmplifyOutputs = false) {
  return decideProfile(env, { cwd, fileExists: (file) => withAmplifyOutputs && file === outputs });
}

function refusal(env: Record<string, string>, withAmplifyOutputs = false): string {
  try {
    decide(env, withAmplifyOutputs);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a refusal');
}

describe('runtime profile: inputs → profile', () => {
  const table: Array<{ name: string; env: Record<string, string>; file: boolean; profile: Profile; reason: RegExp; outputsFile: string | null }> = [
    { name: 'nothing set, no outputs', env: {}, file: false, profile: 'local', reason: /no APP_PROFILE and no amplify_outputs\.json/, outputsFile: null },
    { name: 'amplify_outputs.json present', env: {}, file: true, profile: 'cloud', reason: /amplify_outputs\.json exists/, outputsFile: outputs },
    { name: 'APP_PROFILE=local wins over the outputs file', env: { APP_PROFILE: 'local' }, file: true, profile: 'local', reason: /APP_PROFILE=local/, outputsFile: null },
    { name: 'APP_PROFILE=cloud without the file', env: { APP_PROFILE: 'cloud' }, file: false, profile: 'cloud', reason: /APP_PROFILE=cloud/, outputsFile: outputs },
    { name: 'twin reads the twin outputs, never amplify_outputs.json', env: { APP_PROFILE: 'twin' }, file: true, profile: 'twin', reason: /APP_PROFILE=twin/, outputsFile: twinOutputs },
    { name: 'twin with TWIN_OUTPUTS_FILE', env: { APP_PROFILE: 'twin', TWIN_OUTPUTS_FILE: 'elsewhere/out.json' }, file: false, profile: 'twin', reason: /APP_PROFILE=twin/, outputsFile: path.join(cwd, 'elsewhere/out.json') },
    { name: 'old APP_MODE is an alias', env: { APP_MODE: 'cloud' }, file: false, profile: 'cloud', reason: /APP_MODE=cloud \(the old name of APP_PROFILE\)/, outputsFile: outputs },
    { name: 'APP_MODE equal to APP_PROFILE', env: { APP_MODE: 'local', APP_PROFILE: 'local' }, file: false, profile: 'local', reason: /APP_PROFILE=local/, outputsFile: null },
    { name: 'blank APP_PROFILE (copied .env.example) is unset', env: { APP_PROFILE: ' ' }, file: true, profile: 'cloud', reason: /exists/, outputsFile: outputs },
    { name: 'local keeps COGNITO_ENDPOINT', env: { COGNITO_ENDPOINT: 'http://127.0.0.1:9229', COGNITO_USER_POOL_ID: 'local_abc' }, file: false, profile: 'local', reason: /no APP_PROFILE/, outputsFile: null },
    { name: 'production cloud', env: { NODE_ENV: 'production' }, file: true, profile: 'cloud', reason: /exists/, outputsFile: outputs },
    { name: 'production local with the opt-in', env: { NODE_ENV: 'production', ALLOW_LOCAL_PROFILE_IN_PRODUCTION: '1' }, file: false, profile: 'local', reason: /no APP_PROFILE/, outputsFile: null },
    { name: 'production twin with the opt-in', env: { NODE_ENV: 'production', APP_PROFILE: 'twin', ALLOW_LOCAL_PROFILE_IN_PRODUCTION: 'true' }, file: false, profile: 'twin', reason: /APP_PROFILE=twin/, outputsFile: twinOutputs },
    { name: 'twin keeps the SDK endpoint variables', env: { APP_PROFILE: 'twin', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }, file: false, profile: 'twin', reason: /APP_PROFILE=twin/, outputsFile: twinOutputs },
  ];

  it.each(table)('$name → $profile', ({ env, file, profile, reason, outputsFile }) => {
    const decision = decide(env, file);
    expect(decision.profile).toBe(profile);
    expect(decision.reason).toMatch(reason);
    expect(decision.outputsFile).toBe(outputsFile);
    expect(decision.devSurfaces).toBe(profile !== 'cloud');
  });
});

describe('runtime profile: refusals name the variable and the fix', () => {
  const table: Array<{ name: string; env: Record<string, string>; file: boolean; message: RegExp[] }> = [
    { name: 'unknown APP_PROFILE', env: { APP_PROFILE: 'staging' }, file: false, message: [/APP_PROFILE: must be local, twin or cloud/] },
    { name: 'unknown APP_MODE', env: { APP_MODE: 'prod' }, file: false, message: [/APP_MODE: must be local, twin or cloud/] },
    { name: 'APP_MODE contradicts APP_PROFILE', env: { APP_MODE: 'local', APP_PROFILE: 'cloud' }, file: false, message: [/APP_MODE: says local but APP_PROFILE says cloud/] },
    {
      name: 'cloud data with cognito-local sign-in (outputs + COGNITO_ENDPOINT)',
      env: { COGNITO_ENDPOINT: 'http://127.0.0.1:9229' },
      file: true,
      message: [/COGNITO_ENDPOINT: points at cognito-local, but the profile is cloud \(amplify_outputs\.json exists/, /set APP_PROFILE=local/],
    },
    { name: 'cloud with a cognito-local pool id', env: { APP_PROFILE: 'cloud', COGNITO_USER_POOL_ID: 'local_4xYz' }, file: false, message: [/COGNITO_USER_POOL_ID: local_4xYz is a cognito-local pool/] },
    { name: 'twin with COGNITO_ENDPOINT', env: { APP_PROFILE: 'twin', COGNITO_ENDPOINT: 'http://127.0.0.1:9229' }, file: false, message: [/AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: remove COGNITO_ENDPOINT/] },
    { name: 'cloud with a leftover twin endpoint', env: { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9229' }, file: true, message: [/AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: redirects the AWS SDK away from AWS/] },
    { name: 'production build in local by default', env: { NODE_ENV: 'production' }, file: false, message: [/refuses the local profile/, /ALLOW_LOCAL_PROFILE_IN_PRODUCTION=1/] },
    { name: 'production build with explicit local', env: { NODE_ENV: 'production', APP_PROFILE: 'local' }, file: true, message: [/refuses the local profile \(APP_PROFILE=local\)/] },
    { name: 'production twin without the opt-in', env: { NODE_ENV: 'production', APP_PROFILE: 'twin' }, file: false, message: [/refuses the twin profile/] },
    { name: 'opt-in switched off', env: { NODE_ENV: 'production', ALLOW_LOCAL_PROFILE_IN_PRODUCTION: '0' }, file: false, message: [/refuses the local profile/] },
    { name: 'opt-in with a typo', env: { NODE_ENV: 'production', ALLOW_LOCAL_PROFILE_IN_PRODUCTION: 'yes' }, file: false, message: [/ALLOW_LOCAL_PROFILE_IN_PRODUCTION: must be 1 or 0/] },
  ];

  it.each(table)('$name', ({ env, file, message }) => {
    const text = refusal(env, file);
    for (const expected of message) expect(text).toMatch(expected);
  });

  it('reports every refusal at once', () => {
    const text = refusal({ NODE_ENV: 'production', APP_PROFILE: 'twin', APP_MODE: 'cloud', COGNITO_ENDPOINT: 'http://127.0.0.1:9229' });
    expect(text).toMatch(/APP_MODE: says cloud/);
    expect(text).toMatch(/COGNITO_ENDPOINT:/);
    expect(text).toMatch(/refuses the twin profile/);
  });
});
