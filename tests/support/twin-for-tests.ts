import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import type { AmplifyTwin, AmplifyTwinOptions } from '@/emulators/amplify-twin';
import { documentClient, startTestTwin } from '../amplify/support/twin-clients';

/** The twin a test file runs against, and a DynamoDB client on its tables; read them inside tests and hooks. */
export interface TwinForTests {
  readonly twin: AmplifyTwin;
  readonly db: DynamoDBDocumentClient;
}

/**
 * Starts one Amplify twin for the calling test file (before its tests, with the long first-synth allowance)
 * and stops it after them. Call it at the top level of the file.
 */
export function startTwinForTests(options: Pick<AmplifyTwinOptions, 'onDelivery'> = {}): TwinForTests {
  let running: { twin: AmplifyTwin; db: DynamoDBDocumentClient } | undefined;
  beforeAll(async () => {
    const twin = await startTestTwin(options);
    running = { twin, db: documentClient(twin) };
  }, 300_000);
  afterAll(async () => {
    running?.db.destroy();
    await running?.twin.stop();
  });
  const started = () => {
    if (!running) throw new Error('The twin is not running: use it inside a test or a hook');
    return running;
  };
  return {
    get twin() {
      return started().twin;
    },
    get db() {
      return started().db;
    },
  };
}
