import { DynamoCapacityStore } from '@/lib/adapters/amplify/dynamo-capacity-store';
import { describeCapacityStoreContract } from '../contracts/capacity-store.contract';
import { clearTables } from './support/twin-clients';
import { startTwinForTests } from '../support/twin-for-tests';

/** The DynamoDB capacity adapter against DynamoDB Local holding the table synthesized from amplify/data/resource.ts. */
const running = startTwinForTests();

describeCapacityStoreContract('DynamoDB (twin: DynamoDB Local, synthesized CapacityEntry table)', async () => {
  const { twin, db } = running;
  await clearTables(db, twin);
  const table = twin.assembly.tables.find((candidate) => candidate.model === 'CapacityEntry');
  if (!table) throw new Error('The data stack has no CapacityEntry table');
  return new DynamoCapacityStore(db, table.tableName);
});
