import fs from 'node:fs';
import path from 'node:path';
import type { CodeDelivery } from '../cognito/code-deliveries';
import { loadBackendAssembly, type BackendAssembly } from './assembly';
import { startTwinAppSync, type RunningAppSync } from './appsync';
import { startTwinCognito, type RunningTwinCognito } from './cognito';
import { createTables, startDynamoDbLocal, TWIN_CREDENTIALS, type RunningDynamoDbLocal } from './dynamodb-local';
import { loadLambdaAssembly } from './lambda-assembly';
import { startLambdaHost } from './lambda-host';
import { orderStoreTables, twinOutputs, type OrderStoreTables } from './outputs';
import { assertPortFree, findJava } from './preflight';
import { synthesizeBackend } from './synth';
import { startVerifyingFront, type RunningFront } from './verifying-front';

export { TWIN_CREDENTIALS } from './dynamodb-local';
export { TwinStartError } from './preflight';
export type { OrderStoreTables } from './outputs';

export interface TwinPorts {
  /** The verifying front: the AppSync URL clients use. */
  appsync: number;
  /** The simulator behind the front, and its subscription socket. */
  simulator: number;
  simulatorWs: number;
  dynamodb: number;
  cognito: number;
  /** Lambda Invoke for the user pool's trigger, and the SSM/S3 reads of its cold start. */
  lambda: number;
}

export interface AmplifyTwinOptions {
  repoRoot: string;
  /** cognito-local's files and the outputs file live here (e.g. .data/twin). */
  dataDir: string;
  /** Where synthesized assemblies are cached (default <dataDir>/synth). */
  synthCacheDir?: string;
  ports: TwinPorts;
  region?: string;
  onDelivery?: (delivery: CodeDelivery) => void;
}

export interface AmplifyTwin {
  region: string;
  graphqlUrl: string;
  dynamodbEndpoint: string;
  cognitoEndpoint: string;
  /** Lambda Invoke (and the SSM/S3 reads) for the user pool's trigger. */
  lambdaEndpoint: string;
  userPoolId: string;
  clientId: string;
  tables: OrderStoreTables;
  outputsFile: string;
  assembly: BackendAssembly;
  cognito: RunningTwinCognito;
  credentials: typeof TWIN_CREDENTIALS;
  /** How long each piece took, in ms (for the launcher's report). */
  timings: Record<string, number>;
  stop(): Promise<void>;
}

const ACCOUNT_ID = '000000000000';

/**
 * Promise.all that waits for every start to settle before failing, so a piece still starting when another
 * failed is registered for stopping and never left running.
 */
async function allStarted<T extends readonly unknown[]>(starts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(starts);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/**
 * Starts an offline stand-in for an `ampx sandbox` deployment of amplify/: the synthesized AppSync API
 * (Amplify's VTL resolvers in Amplify's simulator) over DynamoDB Local with the synthesized tables, behind a
 * front that verifies IAM signatures and user-pool tokens, and cognito-local posing as the user pool.
 * Writes amplify_outputs.json for it into the data directory (never over the developer's own).
 */
export async function startAmplifyTwin(options: AmplifyTwinOptions): Promise<AmplifyTwin> {
  const region = options.region ?? 'us-east-1';
  const userPoolId = `${region}_TwinPool1`;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = Date.now() - started;
    }
  };

  // Probed once (a JVM start): DynamoDB Local is started with the same binary.
  const java = await timed('java', async () => findJava());
  const pieces: [number, string][] = [
    [options.ports.appsync, 'the twin AppSync API'],
    [options.ports.simulator, 'the AppSync simulator'],
    [options.ports.simulatorWs, 'the AppSync simulator subscriptions'],
    [options.ports.dynamodb, 'DynamoDB Local'],
    [options.ports.cognito, 'cognito-local'],
    [options.ports.lambda, 'the Lambda host (user pool triggers)'],
  ];
  for (const [port, piece] of pieces) await assertPortFree(port, piece);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const { outDir } = await timed('synth', () => synthesizeBackend(options.repoRoot, options.synthCacheDir ?? path.join(options.dataDir, 'synth')));
    const ids = { apiId: 'twin', region, accountId: ACCOUNT_ID, userPoolId };
    const assembly = loadBackendAssembly(outDir, ids);
    // The trigger runs the bundled function from the assembly, reading the same SSM/S3 values as in the cloud.
    const lambdaHost = await startLambdaHost({
      port: options.ports.lambda,
      region,
      credentials: TWIN_CREDENTIALS,
      assembly: loadLambdaAssembly(outDir, ids, { graphqlUrl: `http://127.0.0.1:${options.ports.appsync}/graphql` }),
    });
    stops.push(lambdaHost.stop);
    const postConfirmation = lambdaHost.postConfirmation ? { lambdaEndpoint: lambdaHost.endpoint, functionName: lambdaHost.postConfirmation } : undefined;

    // The three start together (the JVM, cognito-local's process and the simulator's schema work overlap on
    // the cores); the simulator only needs DynamoDB's address, not DynamoDB, until a request comes.
    const dynamoEndpoint = `http://127.0.0.1:${options.ports.dynamodb}`;
    const [dynamo, cognito, appsync] = await allStarted([
      timed('dynamodb', async () => {
        const started: RunningDynamoDbLocal = await startDynamoDbLocal(options.ports.dynamodb, region, java);
        stops.push(started.stop);
        await createTables(started.client, assembly.tables);
        return started;
      }),
      timed('cognito', async () => {
        const started = await startTwinCognito({
          workDir: path.join(options.dataDir, 'cognito'),
          port: options.ports.cognito,
          region,
          userPoolId,
          userPool: assembly.userPool,
          ...(postConfirmation ? { postConfirmation } : {}),
          ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
        });
        stops.push(started.stop);
        return started;
      }),
      timed('appsync', async () => {
        const started: RunningAppSync = await startTwinAppSync(assembly, { port: options.ports.simulator, wsPort: options.ports.simulatorWs, region, accountId: ACCOUNT_ID, dynamoEndpoint });
        stops.push(started.stop);
        return started;
      }),
    ]);

    const front: RunningFront = await startVerifyingFront({
      port: options.ports.appsync,
      upstream: appsync.url,
      iam: [TWIN_CREDENTIALS],
      userPool: { userPoolId, clientId: cognito.clientId, jwks: cognito.jwks },
    });
    stops.push(front.stop);

    const outputsFile = path.join(options.dataDir, 'amplify_outputs.json');
    fs.mkdirSync(options.dataDir, { recursive: true });
    fs.writeFileSync(outputsFile, `${JSON.stringify(twinOutputs(assembly, { region, userPoolId, clientId: cognito.clientId, graphqlUrl: front.url }), null, 2)}\n`);

    return {
      region,
      graphqlUrl: front.url,
      dynamodbEndpoint: dynamo.endpoint,
      cognitoEndpoint: cognito.endpoint,
      lambdaEndpoint: lambdaHost.endpoint,
      userPoolId,
      clientId: cognito.clientId,
      tables: orderStoreTables(assembly.tables),
      outputsFile,
      assembly,
      cognito,
      credentials: TWIN_CREDENTIALS,
      timings,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
