import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { FollowUpStreamRecord, StreamBatchResponse } from '../../lib/services/followups/stream-handler';

export interface FollowUpStreamOptions {
  /** The twin's DynamoDB Local (the table API); streams are served on the same endpoint. */
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  /** The Lambda's batch handler (amplify/functions/follow-up-worker/worker-deps.ts). */
  handleBatch: (records: FollowUpStreamRecord[]) => Promise<StreamBatchResponse>;
  pollIntervalMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface RunningFollowUpStream {
  stop(): Promise<void>;
}

/** The event source mapping's filter (wiring.ts): pending jobs nobody holds. */
export function matchesWorkerFilter(record: FollowUpStreamRecord): boolean {
  const image = record.dynamodb?.NewImage;
  return image?.status?.S === 'pending' && !image.claimToken?.S;
}

interface ShardCursor {
  shardId: string;
  iterator: string | undefined;
  /** Records read but not yet handled successfully (a failed batch is retried from its failure). */
  pending: FollowUpStreamRecord[];
  /** The last record read, to pick up after it when an iterator goes stale. */
  lastSequenceNumber?: string;
}

/** DynamoDB Local refuses a TRIM_HORIZON iterator of a shard that is still empty; iterators also expire. */
function staleIterator(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'TrimmedDataAccessException' || name === 'ExpiredIteratorException';
}

/**
 * Runs the cloud follow-up worker against the twin as Lambda would: reads the FollowUp table's stream from
 * DynamoDB Local shard by shard (following child shards), keeps the records the event source filter keeps,
 * and hands them to the Lambda's batch handler. A batch that reports failures is retried from the first
 * failed record on that shard; other shards keep flowing.
 */
export async function startFollowUpStream(options: FollowUpStreamOptions): Promise<RunningFollowUpStream> {
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const table = await options.dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`The table ${options.tableName} has no stream`);

  const cursors = new Map<string, ShardCursor>();
  const finished = new Set<string>();
  let stopped = false;
  let wake: (() => void) | null = null;

  async function discoverShards(): Promise<void> {
    let exclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await options.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }));
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId;
        if (!shardId || cursors.has(shardId) || finished.has(shardId)) continue;
        // A child shard starts only after its parent is read to the end, as Lambda keeps per-key order.
        if (shard.ParentShardId && cursors.has(shard.ParentShardId)) continue;
        cursors.set(shardId, { shardId, iterator: await iteratorFor(shardId), pending: [] });
      }
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
  }

  async function iteratorFor(shardId: string, after?: string): Promise<string | undefined> {
    const { ShardIterator } = await options.streams.send(
      new GetShardIteratorCommand(
        after
          ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
      ),
    );
    return ShardIterator;
  }

  async function readShard(cursor: ShardCursor): Promise<void> {
    if (!cursor.iterator) return;
    try {
      const page = await options.streams.send(new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: options.batchSize ?? 100 }));
      cursor.iterator = page.NextShardIterator;
      const records = page.Records ?? [];
      cursor.lastSequenceNumber = records.at(-1)?.dynamodb?.SequenceNumber ?? cursor.lastSequenceNumber;
      cursor.pending = records.map(toLambdaRecord).filter(matchesWorkerFilter);
    } catch (error) {
      if (!staleIterator(error)) throw error;
      cursor.iterator = await iteratorFor(cursor.shardId, cursor.lastSequenceNumber);
    }
  }

  async function pollShard(cursor: ShardCursor): Promise<void> {
    if (cursor.pending.length === 0) await readShard(cursor);
    if (cursor.pending.length > 0) {
      const batch = cursor.pending;
      const { batchItemFailures } = await options.handleBatch(batch);
      const failed = batchItemFailures[0]?.itemIdentifier;
      const from = failed === undefined ? -1 : batch.findIndex((record) => record.dynamodb?.SequenceNumber === failed);
      cursor.pending = from < 0 ? [] : batch.slice(from);
    }
    if (!cursor.iterator && cursor.pending.length === 0) {
      cursors.delete(cursor.shardId);
      finished.add(cursor.shardId);
    }
  }

  async function pass(): Promise<void> {
    await discoverShards();
    // Shards are independent: one shard's failing batch does not hold up the others.
    await Promise.all([...cursors.values()].map((cursor) => pollShard(cursor).catch((error: unknown) => options.onError?.(error))));
  }

  // From the stream's start (TRIM_HORIZON): the twin's tables are fresh on every start, so nothing is replayed twice.
  await discoverShards();
  const loop = (async () => {
    while (!stopped) {
      await pass().catch((error: unknown) => options.onError?.(error));
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}

/** The stream record as Lambda's DynamoDB event carries it. */
function toLambdaRecord(record: StreamRecord): FollowUpStreamRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    dynamodb: {
      NewImage: record.dynamodb?.NewImage as NonNullable<FollowUpStreamRecord['dynamodb']>['NewImage'],
      SequenceNumber: record.dynamodb?.SequenceNumber,
    },
  };
}
