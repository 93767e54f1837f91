import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Amplify as CoreAmplify } from '@aws-amplify/core';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AmplifyTwin } from '@/emulators/amplify-twin';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { dynamoClient } from '@/emulators/amplify-twin/dynamodb-local';
import { startFollowUpStream, type RunningFollowUpStream } from '@/emulators/amplify-twin/follow-up-stream';
import { startTwinFollowUpWorker } from '@/emulators/amplify-twin/follow-up-worker';
import { orderPaidJob } from '@/lib/domain/followups/order-jobs';
import { orderReceiptJob } from '@/lib/domain/followups/order-jobs';
import { LocalMailbox } from '@/lib/adapters/local/local-mailbox';
import { receiptKey } from '@/lib/services/mail/templates';
import { applyFact } from '@/lib/domain/orders/order-state';
import { AmplifyOrderStore } from '@/lib/adapters/amplify/amplify-order-store';
import { completedPaid, sessionSnapshot } from '../support/order-facts';
import { documentClient, iamTransport, startTestTwin } from './support/twin-clients';

/**
 * The cloud follow-up worker on the twin: the Lambda handler's dependencies fed by the FollowUp table's
 * stream from DynamoDB Local, as the event source mapping feeds the Lambda.
 */
let twin: AmplifyTwin;
let worker: RunningFollowUpStream;
let mailbox: LocalMailbox;
let mailDir: string;
/** Buyers whose first account provisioning fails (a Cognito outage for one call). */
const failOnce = new Set<string>();
const failures: string[] = [];

beforeAll(async () => {
  twin = await startTestTwin();
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-follow-ups-'));
  mailbox = LocalMailbox.open(path.join(mailDir, 'mailbox.sqlite'));
  // Under vitest, `aws-amplify` and the Data client load different copies of @aws-amplify/core (ESM vs CJS),
  // so the client's copy is configured too; under node/tsx (the twin stack, the Lambda) they are one.
  CoreAmplify.configure(
    { API: { GraphQL: { endpoint: twin.graphqlUrl, region: twin.region, defaultAuthMode: 'iam' } } },
    { Auth: { credentialsProvider: { getCredentialsAndIdentityId: async () => ({ credentials: twin.credentials }), clearCredentialsAndIdentityId: () => undefined } } },
  );
  worker = await startTwinFollowUpWorker(twin, {
    mailer: mailbox,
    siteUrl: 'http://shop.test',
    onError: (error) => console.error('follow-up stream', error),
    adjustDeps: (deps) => ({
      ...deps,
      accounts: {
        provision: async (buyer) => {
          if (failOnce.delete(buyer.email)) {
            failures.push(buyer.email);
            throw new Error('cognito unavailable');
          }
          return deps.accounts.provision(buyer);
        },
      },
    }),
  });
}, 300_000);

afterAll(async () => {
  await worker?.stop();
  await mailbox?.close();
  await twin?.stop();
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
});

function serverStore(): AmplifyOrderStore {
  return new AmplifyOrderStore({ graphql: iamTransport(twin), dynamo: documentClient(twin), tables: twin.tables });
}

/** The webhook's commit: the paid order with its after-payment jobs, in one transaction. */
async function paidCheckout(sessionId: string, email: string): Promise<void> {
  const fact = { ...completedPaid, session: sessionSnapshot({ sessionId, sessionCreated: 1_900_000_000, customer: { email, name: 'Ada Lovelace' } }) };
  await serverStore().applyEvent(
    { id: `evt_${sessionId}`, type: 'checkout.session.completed', objectId: sessionId, apiVersion: '2026-10-28.endive', created: 100, receivedAt: '2030-01-01T00:00:00.000Z' },
    { orderId: sessionId, apply: (current) => applyFact(current, fact, { eventId: `evt_${sessionId}`, created: 100 }) },
    '2030-01-01T00:00:01.000Z',
    [orderPaidJob(sessionId), orderReceiptJob(sessionId)],
  );
}

async function jobStatus(key: string): Promise<string | undefined> {
  return (await serverStore().getFollowUp(key))?.status;
}

const settle = { timeout: 90_000, interval: 100 };

describe('the follow-up Lambda on the twin, fed by the FollowUp stream', () => {
  it('runs the jobs a paid checkout enqueues: the buyer is invited by Cognito, owns the order and gets a receipt', async () => {
    await paidCheckout('cs_test_stream_ada', 'ada@example.com');

    await vi.waitFor(async () => {
      expect(await jobStatus(orderPaidJob('cs_test_stream_ada').key)).toBe('done');
      expect(await jobStatus(orderReceiptJob('cs_test_stream_ada').key)).toBe('done');
    }, settle);

    const user = await twin.cognito.client.send(new AdminGetUserCommand({ UserPoolId: twin.userPoolId, Username: 'ada@example.com' }));
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect((await serverStore().getOrder('cs_test_stream_ada'))?.owner).toBeTruthy();
    const receipt = (await mailbox.list()).find((mail) => mail.key === receiptKey('cs_test_stream_ada'));
    expect(receipt?.to).toBe('ada@example.com');
  }, 120_000);

  it('retries a job whose run failed, from the stream record of its release, until it succeeds', async () => {
    failOnce.add('grace@example.com');
    await paidCheckout('cs_test_stream_grace', 'grace@example.com');

    await vi.waitFor(async () => expect(await jobStatus(orderPaidJob('cs_test_stream_grace').key)).toBe('done'), settle);

    expect(failures).toContain('grace@example.com');
    const user = await twin.cognito.client.send(new AdminGetUserCommand({ UserPoolId: twin.userPoolId, Username: 'grace@example.com' }));
    expect(user.Username).toBeTruthy();
    expect((await serverStore().getOrder('cs_test_stream_grace'))?.owner).toBeTruthy();
  }, 120_000);

  it('hands a batch that reported a failure back to the handler from the failed record, as the event source does', async () => {
    const key = orderReceiptJob('cs_test_stream_batch').key;
    const seen: string[] = [];
    let failed = false;
    const poller = await startFollowUpStream({
      dynamo: dynamoClient(twin.dynamodbEndpoint, twin.region),
      streams: new DynamoDBStreamsClient({ endpoint: twin.dynamodbEndpoint, region: twin.region, credentials: twin.credentials }),
      tableName: twin.tables.followUp,
      handleBatch: async (records) => {
        const mine = records.filter((record) => record.dynamodb?.NewImage?.key?.S === key);
        seen.push(...mine.map((record) => record.dynamodb?.SequenceNumber ?? ''));
        if (mine.length === 0 || failed) return { batchItemFailures: [] };
        failed = true;
        return { batchItemFailures: [{ itemIdentifier: mine[0]!.dynamodb!.SequenceNumber! }] };
      },
    });
    try {
      await paidCheckout('cs_test_stream_batch', 'batch@example.com');
      // The enqueued (pending, unclaimed) record arrives, is reported failed, and is handed over again.
      await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(2), settle);
      expect(seen[1]).toBe(seen[0]);
    } finally {
      await poller.stop();
    }
  }, 120_000);
});
