import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { stopChild } from '../child-process';
import type { TableSpec } from './assembly';
import { findJava, waitUntil } from './preflight';

export const TWIN_CREDENTIALS = { accessKeyId: 'TWINACCESSKEY0000000', secretAccessKey: 'twin-secret-access-key-not-a-real-secret' } as const;

export interface RunningDynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** DynamoDB Local's jar and native library ship inside the npm package amplify-dynamodb-simulator. */
function jarDirectory(): string {
  return path.join(path.dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

export function dynamoClient(endpoint: string, region: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region, credentials: TWIN_CREDENTIALS });
}

/** Starts DynamoDB Local in memory on the port (fresh every start, like a new sandbox). */
export async function startDynamoDbLocal(port: number, region: string, java: string = findJava()): Promise<RunningDynamoDbLocal> {
  const dir = jarDirectory();
  const child = spawn(
    java,
    [
      // A short-lived dev server: the quick JIT tier and the serial collector start fastest on 2 busy cores.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar', path.join(dir, 'DynamoDBLocal.jar'), '-inMemory', '-port', String(port), '-disableTelemetry'],
    // It writes a metadata file into its working directory even in memory: keep it out of the repo.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => output.length < 100 && output.push(chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = dynamoClient(endpoint, region);
  try {
    await waitUntil('DynamoDB Local', async () => Boolean(await client.send(new ListTablesCommand({}))), {
      died: () => (child.exitCode !== null ? `exit ${child.exitCode}\n${output.join('')}` : null),
    });
  } catch (error) {
    client.destroy();
    await stopChild(child);
    throw error;
  }
  return {
    endpoint,
    client,
    async stop() {
      client.destroy();
      await stopChild(child);
    },
  };
}

/** CreateTable input for a model table exactly as synthesized: keys, GSIs (projections), stream. */
export function createTableInput(table: TableSpec): CreateTableCommandInput {
  return {
    TableName: table.tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.keySchema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType })),
    AttributeDefinitions: table.attributeDefinitions.map((attribute) => ({ AttributeName: attribute.attributeName, AttributeType: attribute.attributeType })),
    ...(table.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: index.keySchema.map((key) => ({ AttributeName: key.attributeName, KeyType: key.keyType })),
            Projection: { ProjectionType: index.projection.projectionType, ...(index.projection.nonKeyAttributes ? { NonKeyAttributes: index.projection.nonKeyAttributes } : {}) },
          })),
        }
      : {}),
    ...(table.streamViewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.streamViewType } } : {}),
  };
}

export async function createTables(client: DynamoDBClient, tables: TableSpec[]): Promise<void> {
  // Independent tables: created side by side (DynamoDB Local creates each at once, ACTIVE on return).
  await Promise.all(
    tables.map(async (table) => {
      await client.send(new CreateTableCommand(createTableInput(table)));
      // Accepted and reported by DynamoDB Local, though it never deletes expired items.
      if (table.timeToLiveAttribute) {
        await client.send(new UpdateTimeToLiveCommand({ TableName: table.tableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
      }
    }),
  );
}
