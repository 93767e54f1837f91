import { describe, expect, it } from 'vitest';
import { ManualClock } from '@/lib/domain/clock';
import type { FollowUpOutcome } from '@/lib/services/followups/run-follow-ups';
import { handleFollowUpStream, type FollowUpStreamRecord, type StreamWorkerDeps } from '@/lib/services/followups/stream-handler';
import { createLogger, silentLogger } from '@/lib/logger';

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

  it('keeps waiting when the timer fires before the clock says the job is due, so the claim is not refused', async () => {
    const { deps, ran, slept } = harness(async () => 'done');
    const clock = deps.clock as ManualClock;
    // Timers fire on the event loop's cached time, which can be a little behind the wall clock.
    deps.sleep = async (ms) => {
      slept.push(ms);
      clock.advance(ms > 1 ? ms - 1 : ms);
    };
    const seenAt: number[] = [];
    const run = deps.runFollowUp;
    deps.runFollowUp = async (key) => {
      seenAt.push(clock.now().getTime());
      return run(key);
    };
    await handleFollowUpStream(deps, [record('1', { key: 'k', status: 'pending', claimedUntil: '2030-01-01T00:00:04.000Z' })]);
    expect(slept).toEqual([4_000, 1]);
    expect(ran).toEqual(['k']);
    expect(seenAt).toEqual([Date.parse('2030-01-01T00:00:04.000Z')]);
  });

  it('runs a due job even when less than the run reserve is left (only a backoff must fit)', async () => {
    const { deps, ran, slept } = harness(async () => 'done', 5_000);
    const result = await handleFollowUpStream(deps, [record('1', { key: 'due', status: 'pending', claimedUntil: '2030-01-01T00:00:00.000Z' })]);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ran).toEqual(['due']);
    expect(slept).toEqual([]);
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

  it('runs a job whose backoff is over or unreadable without waiting', async () => {
    const { deps, ran, slept } = harness(async () => 'done');
    await handleFollowUpStream(deps, [
      record('1', { key: 'due-now', status: 'pending', claimedUntil: '2030-01-01T00:00:00.000Z' }),
      record('2', { key: 'overdue', status: 'pending', claimedUntil: '2029-12-31T23:59:00.000Z' }),
      record('3', { key: 'garbled', status: 'pending', claimedUntil: 'not a date' }),
    ]);
    expect(ran).toEqual(['due-now', 'overdue', 'garbled']);
    expect(slept).toEqual([]);
  });

  it('waits out a backoff that leaves exactly the run reserve, and refuses one a millisecond longer', async () => {
    // 40 s left, 30 s kept for the job itself: a 10 s backoff fits, 10.001 s does not.
    const fits = harness(async () => 'done', 40_000);
    const fitting = await handleFollowUpStream(fits.deps, [record('1', { key: 'k', status: 'pending', claimedUntil: '2030-01-01T00:00:10.000Z' })]);
    expect(fitting).toEqual({ batchItemFailures: [] });
    expect(fits.slept).toEqual([10_000]);
    expect(fits.ran).toEqual(['k']);

    const tooLong = harness(async () => 'done', 40_000);
    const lines: { msg: string; err?: unknown }[] = [];
    tooLong.deps.logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string; err?: unknown }) });
    const refused = await handleFollowUpStream(tooLong.deps, [record('2', { key: 'k', status: 'pending', claimedUntil: '2030-01-01T00:00:10.001Z' })]);
    expect(refused).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(tooLong.slept).toEqual([]);
    expect(tooLong.ran).toEqual([]);
    expect(lines).toMatchObject([{ msg: 'follow-up stream record failed', err: { message: 'backoff of 10001 ms does not fit this invocation', stack: expect.any(String) } }]);
  });

  it('skips records without an image or a key, and names a failed record by event id when it has no sequence number', async () => {
    const { deps, ran } = harness(async () => {
      throw new Error('store unavailable');
    });
    const bare = record('x', { key: 'by-event-id', status: 'pending' });
    const result = await handleFollowUpStream(deps, [
      { eventID: 'removed', eventName: 'REMOVE' },
      { eventID: 'no-image', eventName: 'MODIFY', dynamodb: { SequenceNumber: '5' } },
      record('6', { status: 'pending' }),
      record('7', { key: null, status: 'pending' }),
      { eventID: 'id-by-event', eventName: 'MODIFY', dynamodb: { NewImage: bare.dynamodb!.NewImage } },
    ]);
    expect(ran).toEqual(['by-event-id']);
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'id-by-event' }] });

    const anonymous = await handleFollowUpStream(deps, [{ dynamodb: { NewImage: bare.dynamodb!.NewImage } }]);
    expect(anonymous).toEqual({ batchItemFailures: [{ itemIdentifier: '' }] });
  });

  it('logs each handled record with its outcome, and each failure with the job and the reason', async () => {
    const lines: Record<string, unknown>[] = [];
    const { deps } = harness(async (key) => {
      if (key === 'b') throw new Error('store unavailable');
      return 'retry_scheduled';
    });
    deps.logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    await handleFollowUpStream(deps, [record('1', { key: 'a', status: 'pending' }), record('2', { key: 'b', status: 'pending' })]);
    expect(lines.map(({ level, msg, followUp, outcome, err }) => ({ level, msg, followUp, outcome, err }))).toEqual([
      { level: 30, msg: 'follow-up stream record handled', followUp: 'a', outcome: 'retry_scheduled', err: undefined },
      { level: 50, msg: 'follow-up stream record failed', followUp: 'b', outcome: undefined, err: expect.objectContaining({ type: 'Error', message: 'store unavailable', stack: expect.stringContaining('Error: store unavailable') }) },
    ]);

    // A thrown non-Error is logged as text too.
    lines.length = 0;
    deps.runFollowUp = () => Promise.reject('throttled');
    await handleFollowUpStream(deps, [record('3', { key: 'c', status: 'pending' })]);
    expect(lines.map(({ followUp, err }) => ({ followUp, err }))).toEqual([{ followUp: 'c', err: 'throttled' }]);
  });
});
