import path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DeleteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { startAmplifyTwin, type AmplifyTwin, type AmplifyTwinOptions } from '@/emulators/amplify-twin';
import { dynamoClient } from '@/emulators/amplify-twin/dynamodb-local';
import type { GraphqlTransport } from '@/lib/adapters/amplify/graphql-transport';
import { freePort } from '../../support/free-port';

export const repoRoot = path.resolve(__dirname, '../../..');

export async function startTestTwin(options: Pick<AmplifyTwinOptions, 'onDelivery'> = {}): Promise<AmplifyTwin> {
  const [appsync, simulator, simulatorWs, dynamodb, cognito, lambda] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
  // The synth cache is shared by every run (keyed by the amplify/ sources); the rest is per run.
  return startAmplifyTwin({
    repoRoot,
    dataDir: path.join(repoRoot, '.data', `twin-test-${process.pid}`),
    synthCacheDir: path.join(repoRoot, '.data', 'twin-synth-cache'),
    ports: { appsync, simulator, simulatorWs, dynamodb, cognito, lambda },
    ...options,
  });
}

export async function postGraphql(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: { data?: Record<string, unknown> | null; errors?: { message: string; errorType?: string }[] } }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, json: (await response.json()) as never };
}

/** Signs like an IAM principal (the SSR compute role) with the given credentials. */
export function iamTransport(twin: AmplifyTwin, credentials: { accessKeyId: string; secretAccessKey: string } = twin.credentials): GraphqlTransport & { status?: number } {
  const url = new URL(twin.graphqlUrl);
  const signer = new SignatureV4({ service: 'appsync', region: twin.region, credentials, sha256: Sha256 });
  const transport: GraphqlTransport & { status?: number } = {
    async request(request) {
      const body = JSON.stringify(request);
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.host, path: url.pathname, headers: { host: url.host, 'content-type': 'application/json' }, body, query: {} });
      const { status, json } = await postGraphql(twin.graphqlUrl, signed.headers as Record<string, string>, body);
      transport.status = status;
      return json;
    },
  };
  return transport;
}

/** A signed-in customer's requests: the user-pool token in Authorization, as Amplify's client sends it. */
export function userPoolTransport(twin: AmplifyTwin, token: string): GraphqlTransport {
  return { request: async (request) => (await postGraphql(twin.graphqlUrl, { authorization: token }, JSON.stringify(request))).json };
}

export function documentClient(twin: AmplifyTwin): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamoClient(twin.dynamodbEndpoint, twin.region), { marshallOptions: { removeUndefinedValues: true } });
}

/** Empties the model tables between tests (the twin itself stays up). */
export async function clearTables(db: DynamoDBDocumentClient, twin: AmplifyTwin): Promise<void> {
  for (const table of twin.assembly.tables) {
    const keyNames = table.keySchema.map((key) => key.attributeName);
    const { Items = [] } = await db.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
    for (const item of Items) await db.send(new DeleteCommand({ TableName: table.tableName, Key: Object.fromEntries(keyNames.map((name) => [name, item[name]])) }));
  }
}

export interface TwinUser {
  sub: string;
  username: string;
  owner: string;
  idToken: string;
  accessToken: string;
}

/** A confirmed user (invited, then past the new-password challenge), optionally in groups. */
export async function signedInUser(twin: AmplifyTwin, email: string, groups: string[] = []): Promise<TwinUser> {
  const cognito = twin.cognito.client;
  const created = await cognito.send(
    new AdminCreateUserCommand({ UserPoolId: twin.userPoolId, Username: email, TemporaryPassword: 'Temp-pass-1!', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }] }),
  );
  const username = created.User?.Username ?? email;
  const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '';
  for (const group of groups) await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: twin.userPoolId, Username: username, GroupName: group }));
  const first = await cognito.send(new InitiateAuthCommand({ ClientId: twin.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: 'Temp-pass-1!' } }));
  const done = await cognito.send(
    new RespondToAuthChallengeCommand({ ClientId: twin.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'Own-pass-2!' } }),
  );
  const result = done.AuthenticationResult;
  if (!result?.IdToken || !result.AccessToken) throw new Error('cognito-local returned no tokens');
  return { sub, username, owner: `${sub}::${username}`, idToken: result.IdToken, accessToken: result.AccessToken };
}
