import { AmplifyAppSyncSimulator, AmplifyAppSyncSimulatorAuthenticationType, RESOLVER_KIND, type AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import type { BackendAssembly } from './assembly';
import { TWIN_CREDENTIALS } from './dynamodb-local';
import { patchAppSyncSimulator } from './simulator-patches';

export interface TwinAppSyncOptions {
  port: number;
  wsPort: number;
  region: string;
  accountId: string;
  dynamoEndpoint: string;
}

export interface RunningAppSync {
  url: string;
  stop(): Promise<void>;
}

/** The synthesized schema and VTL pipelines served by Amplify's own AppSync simulator over DynamoDB Local. */
export async function startTwinAppSync(assembly: BackendAssembly, options: TwinAppSyncOptions): Promise<RunningAppSync> {
  patchAppSyncSimulator();
  const simulator = new AmplifyAppSyncSimulator({ port: options.port, wsPort: options.wsPort });
  const config: AmplifyAppSyncSimulatorConfig = {
    schema: { content: assembly.schema },
    mappingTemplates: assembly.mappingTemplates,
    functions: assembly.functions,
    resolvers: assembly.resolvers.map((resolver) => ({ ...resolver, kind: RESOLVER_KIND.PIPELINE })),
    dataSources: assembly.dataSources.map((source) =>
      source.type === 'NONE'
        ? { type: 'NONE', name: source.name }
        : {
            type: 'AMAZON_DYNAMODB',
            name: source.name,
            // SDK v3 reads credentials only from `credentials` (the simulator's top-level keys are ignored).
            config: { endpoint: options.dynamoEndpoint, region: options.region, tableName: source.tableName!, credentials: TWIN_CREDENTIALS } as {
              endpoint: string;
              region: string;
              tableName: string;
            },
          },
    ),
    appSync: {
      name: 'amplifyData',
      defaultAuthenticationType: { authenticationType: AmplifyAppSyncSimulatorAuthenticationType.AMAZON_COGNITO_USER_POOLS, cognitoUserPoolConfig: {} },
      additionalAuthenticationProviders: [{ authenticationType: AmplifyAppSyncSimulatorAuthenticationType.AWS_IAM }],
      accountId: options.accountId,
      authAccessKeyId: TWIN_CREDENTIALS.accessKeyId,
      // An IAM role outside the identity pool (like the SSR compute role): the Gen 2 resolvers allow it.
      authRoleName: 'assumed-role/twin-server-role/twin',
      unAuthRoleName: 'assumed-role/twin-unknown-role/twin',
    },
  };
  simulator.init(config);
  await simulator.start();
  return { url: `http://127.0.0.1:${options.port}`, stop: () => simulator.stop() };
}
