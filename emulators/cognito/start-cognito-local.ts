import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopChild } from '../child-process';
import { readLocalUserPool, writeLocalUserPool, type LocalUserPool } from '../../common/local-user-pool';
import { parseCodeDeliveries, type CodeDelivery } from './code-deliveries';

export interface CognitoLocalOptions {
  /** The app's data directory: cognito-local keeps its database in <dataDir>/cognito/.cognito. */
  dataDir: string;
  port: number;
  /** Called for each verification code cognito-local would have emailed (it only prints them). */
  onCodeDelivery?: (delivery: CodeDelivery) => void;
}

export interface RunningCognitoLocal extends LocalUserPool {
  endpoint: string;
  /** The cognito-local process, so a launcher can notice when it dies. */
  child: ChildProcess;
  stop(): Promise<void>;
}

export function cognitoLocalClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'cognito-local', secretAccessKey: 'cognito-local' },
  });
}

/**
 * Starts cognito-local (npm `cognito-local`) as a child process with its state in the data directory,
 * then makes sure the shop's user pool and app client exist (created once, reused after restarts).
 */
export async function startCognitoLocal(options: CognitoLocalOptions): Promise<RunningCognitoLocal> {
  const workDir = path.join(options.dataDir, 'cognito');
  fs.mkdirSync(path.join(workDir, '.cognito'), { recursive: true });
  const endpoint = `http://127.0.0.1:${options.port}`;
  fs.writeFileSync(
    path.join(workDir, '.cognito', 'config.json'),
    // Without an explicit issuer domain, cognito-local signs tokens as localhost:9229 whatever its port.
    JSON.stringify({ ServerConfig: { hostname: '127.0.0.1', port: options.port }, TokenConfig: { IssuerDomain: endpoint } }, null, 2),
  );
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: workDir,
    env: { ...process.env, NODE_NO_WARNINGS: '1', DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (output.length < 200) output.push(chunk.toString());
    const { deliveries, rest } = parseCodeDeliveries(pending + chunk.toString());
    pending = rest;
    deliveries.forEach((delivery) => options.onCodeDelivery?.(delivery));
  });
  child.stderr?.on('data', (chunk: Buffer) => output.length < 200 && output.push(chunk.toString()));

  try {
    await waitUntilListening(endpoint, child, output);
    const pool = await ensureUserPool(cognitoLocalClient(endpoint), options.dataDir);
    return { ...pool, endpoint, child, stop: () => stopChild(child, 3000) };
  } catch (error) {
    await stopChild(child, 3000);
    throw error;
  }
}

async function ensureUserPool(client: CognitoIdentityProviderClient, dataDir: string): Promise<LocalUserPool> {
  const saved = readLocalUserPool(dataDir);
  if (saved) {
    try {
      await client.send(new DescribeUserPoolClientCommand({ UserPoolId: saved.userPoolId, ClientId: saved.clientId }));
      return saved;
    } catch {
      // The saved ids point at a pool that no longer exists (its database was removed): create anew.
    }
  }
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'harvest-table-customers',
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
    }),
  );
  const userPoolId = pool.UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local created a user pool without an id');
  const appClient = await client.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'storefront-web',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    }),
  );
  const clientId = appClient.UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local created an app client without an id');
  const created = { userPoolId, clientId };
  writeLocalUserPool(dataDir, created);
  return created;
}

async function waitUntilListening(endpoint: string, child: ChildProcess, output: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited (${child.exitCode}):\n${output.join('')}`);
    try {
      await fetch(endpoint, { method: 'POST' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`cognito-local did not start within ${timeoutMs / 1000} s:\n${output.join('')}`);
}
