import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/clock';
import type { FollowUpOutcome } from '@/lib/followups/run-follow-ups';
import { handleFollowUpStream, type FollowUpStreamRecord, type StreamWorkerDeps } from '@/lib/followups/stream-handler';
import { silentLogger } from '@/lib/logger';

function record(seq: string, image: Record<string, string | null>): FollowUpStreamRecord {
  const NewImage = Object.fromEntries(Object.entries(image).map(([name, value]) => [name, value === null ? { NULL: true } : { S: value }]));
  return { eventID: `id-${seq}`, eventName: 'MODIFY', dynamodb: { SequenceNumber: seq, NewImage } };
}

function harness(outcome: (key: string) => Promise<FollowUpOutcome>, remainingMs = 170_000) {
  const clock = new ManualClock('2030-01-01T00:00:00.000Z');
  const ran: string[] = [];
  const slept: number[] = [];
  const deps: StreamWorkerDeps = {
    clock,
    logger: silentLogger,
    runFollowUp: async (key) => {
      ran.push(key);
      return outcome(key);
    },
    sleep: async (ms) => {
      slept.push(ms);
      clock.advance(ms);
    },
    remainingMs: () => remainingMs,
  };
  return { deps, ran, slept };
}

describe('follow-up stream handler (cloud worker)', () => {
  it('runs pending jobs nobody holds and skips done, parked and claimed ones', async () => {
    const { deps, ran } = harness(async () => 'done');
    const result = await handleFollowUpStream(deps, [
      record('1', { key: 'order-paid:cs_1', status: 'pending', claimToken: null, claimedUntil: null }),
      record('2', { key: 'order-paid:cs_2', status: 'done' }),
      record('3', { key: 'order-paid:cs_3', status: 'failed' }),
      record('4', { key: 'order-paid:cs_4', status: 'pending', claimToken: 'held' }),
    ]);
    expect(ran).toEqual(['order-paid:cs_1']);
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it('waits out a released job’s backoff, then runs it', async () => {
    const { deps, ran, slept } = harness(async () => 'done');
    await handleFollowUpStream(deps, [record('1', { key: 'k', status: 'pending', claimedUntil: '2030-01-01T00:00:04.000Z' })]);
    expect(slept).toEqual([4_000]);
    expect(ran).toEqual(['k']);
  });

  it('reports the first record it could not handle as a partial batch failure and stops there', async () => {
    const { deps, ran } = harness(async (key) => {
      if (key === 'b') throw new Error('store unavailable');
      return 'done';
    });
    const result = await handleFollowUpStream(deps, [
      record('1', { key: 'a', status: 'pending' }),
      record('2', { key: 'b', status: 'pending' }),
      record('3', { key: 'c', status: 'pending' }),
    ]);
    expect(ran).toEqual(['a', 'b']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  });

  it('hands a backoff longer than the invocation has left back to the event source', async () => {
    const { deps, ran } = harness(async () => 'done', 40_000);
    const result = await handleFollowUpStream(deps, [record('9', { key: 'slow', status: 'pending', claimedUntil: '2030-01-01T00:01:00.000Z' })]);
    expect(ran).toEqual([]);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '9' }] });
  });
});
