import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { AmplifyTwin } from '@/emulators/amplify-twin';
import { DynamoCapacityStore } from '@/lib/capacity/dynamo-capacity-store';
import { describeCapacityStoreContract } from '../contracts/capacity-store.contract';
import { clearTables, documentClient, startTestTwin } from './support/twin-clients';

/** The DynamoDB capacity adapter against DynamoDB Local holding the table synthesized from amplify/data/resource.ts. */
const running: { twin?: AmplifyTwin; db?: DynamoDBDocumentClient } = {};

beforeAll(async () => {
  running.twin = await startTestTwin();
  running.db = documentClient(running.twin);
}, 300_000);

afterAll(async () => {
  running.db?.destroy();
  await running.twin?.stop();
});

describeCapacityStoreContract('DynamoDB (twin: DynamoDB Local, synthesized CapacityEntry table)', async () => {
  const { twin, db } = running as Required<typeof running>;
  await clearTables(db, twin);
  const table = twin.assembly.tables.find((candidate) => candidate.model === 'CapacityEntry');
  if (!table) throw new Error('The data stack has no CapacityEntry table');
  return new DynamoCapacityStore(db, table.tableName);
});
