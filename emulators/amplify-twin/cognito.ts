import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  type ExplicitAuthFlowsType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { stopChild } from '../child-process';
import { parseCodeDeliveries, type CodeDelivery } from '../cognito/code-deliveries';
import type { UserPoolSpec } from './assembly';
import { TWIN_CREDENTIALS } from './dynamodb-local';
import { waitUntil } from './preflight';

export interface TwinCognitoOptions {
  /** Fresh every start: cognito-local keeps its database here. */
  workDir: string;
  port: number;
  region: string;
  userPoolId: string;
  userPool: UserPoolSpec;
  /** Each message cognito-local would have emailed (it prints them): invitations and codes. */
  onDelivery?: (delivery: CodeDelivery) => void;
  /** Where cognito-local sends the PostConfirmation trigger (the twin's Lambda host), and the function's name there. */
  postConfirmation?: { lambdaEndpoint: string; functionName: string };
}

export interface RunningTwinCognito {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  client: CognitoIdentityProviderClient;
  jwks(): Promise<Jwks>;
  stop(): Promise<void>;
}

/**
 * cognito-local posing as the synthesized user pool: a `us-east-1_…` pool id seeded as its database file and
 * issuer https://cognito-idp.<region>.amazonaws.com, so its tokens look like Cognito's (AppSync and
 * @aws-amplify/adapter-nextjs accept only those). The pool's options come from the cloud assembly.
 */
export async function startTwinCognito(options: TwinCognitoOptions): Promise<RunningTwinCognito> {
  const configDir = path.join(options.workDir, '.cognito');
  fs.rmSync(options.workDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(configDir, 'db'), { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const trigger = options.userPool.hasPostConfirmationTrigger ? options.postConfirmation : undefined;
  fs.writeFileSync(
    path.join(configDir, 'config.json'),
    JSON.stringify({
      ServerConfig: { hostname: '127.0.0.1', port: options.port },
      TokenConfig: { IssuerDomain: `https://cognito-idp.${options.region}.amazonaws.com` },
      ...(trigger
        ? {
            LambdaClient: { endpoint: trigger.lambdaEndpoint, region: options.region, credentials: TWIN_CREDENTIALS },
            TriggerFunctions: { PostConfirmation: trigger.functionName },
          }
        : {}),
    }),
  );
  fs.writeFileSync(
    path.join(configDir, 'db', `${options.userPoolId}.json`),
    JSON.stringify({
      Users: {},
      Groups: {},
      Options: {
        Id: options.userPoolId,
        Name: 'amplifyAuthUserPool',
        Arn: `arn:aws:cognito-idp:${options.region}:000000000000:userpool/${options.userPoolId}`,
        UsernameAttributes: options.userPool.usernameAttributes,
        AutoVerifiedAttributes: options.userPool.autoVerifiedAttributes,
        AdminCreateUserConfig: {
          AllowAdminCreateUserOnly: false,
          InviteMessageTemplate: { EmailSubject: options.userPool.invitation.subject, EmailMessage: options.userPool.invitation.message },
        },
        VerificationMessageTemplate: {
          DefaultEmailOption: 'CONFIRM_WITH_CODE',
          EmailSubject: options.userPool.verification.subject,
          EmailMessage: options.userPool.verification.message,
        },
        ...(trigger ? { LambdaConfig: { PostConfirmation: `arn:aws:lambda:${options.region}:000000000000:function:${trigger.functionName}` } } : {}),
      },
    }),
  );

  // The preload makes a confirmed sign-up verify the email, as Cognito does (see the file).
  const preload = path.join(__dirname, 'cognito-confirm-verifies-email.cjs');
  const child = spawn(process.execPath, ['--require', preload, require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: options.workDir,
    env: { ...process.env, NODE_NO_WARNINGS: '1', DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (output.length < 100) output.push(chunk.toString());
    const { deliveries, rest } = parseCodeDeliveries(pending + chunk.toString());
    pending = rest;
    deliveries.forEach((delivery) => options.onDelivery?.(delivery));
  });
  child.stderr?.on('data', (chunk: Buffer) => output.length < 100 && output.push(chunk.toString()));

  const client = new CognitoIdentityProviderClient({ endpoint, region: options.region, credentials: TWIN_CREDENTIALS });
  const jwksUrl = `${endpoint}/${options.userPoolId}/.well-known/jwks.json`;
  try {
    await waitUntil('cognito-local', async () => (await fetch(jwksUrl)).ok, {
      died: () => (child.exitCode !== null ? `exit ${child.exitCode}\n${output.join('')}` : null),
    });
    const appClient = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: options.userPoolId,
        ClientName: 'amplifyAuthUserPoolAppClient',
        ExplicitAuthFlows: options.userPool.explicitAuthFlows as ExplicitAuthFlowsType[],
      }),
    );
    for (const group of options.userPool.groups) await client.send(new CreateGroupCommand({ UserPoolId: options.userPoolId, GroupName: group }));
    const clientId = appClient.UserPoolClient?.ClientId;
    if (!clientId) throw new Error('cognito-local created an app client without an id');
    return {
      endpoint,
      userPoolId: options.userPoolId,
      clientId,
      client,
      jwks: async () => (await (await fetch(jwksUrl)).json()) as Jwks,
      async stop() {
        client.destroy();
        await stopChild(child, 3000);
      },
    };
  } catch (error) {
    client.destroy();
    await stopChild(child, 3000);
    throw error;
  }
}
