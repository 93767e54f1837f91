import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { FollowUpOutcome } from './run-follow-ups';

/** The slice of a DynamoDB stream record (Lambda event) the worker reads; attribute values in DynamoDB JSON. */
export interface FollowUpStreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, { S?: string; NULL?: boolean } | undefined>; SequenceNumber?: string };
}

export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface StreamWorkerDeps {
  clock: Clock;
  logger: Logger;
  /** The same job code as the local worker: claim under a fenced lease, run, complete / back off / park. */
  runFollowUp: (key: string) => Promise<FollowUpOutcome>;
  sleep: (ms: number) => Promise<void>;
  /** Milliseconds this invocation may still spend (Lambda's getRemainingTimeInMillis). */
  remainingMs: () => number;
}

/** Time kept in hand after waiting out a backoff, for the job itself. */
const RUN_RESERVE_MS = 30_000;

function text(image: NonNullable<FollowUpStreamRecord['dynamodb']>['NewImage'], name: string): string | null {
  return image?.[name]?.S ?? null;
}

/**
 * Waits out a released job's backoff. A timer may fire a little before the clock the claim compares against
 * says the job is due (Node's timers run on the event loop's cached time); claiming then would be refused as
 * "held elsewhere" and the record dropped, so the wait goes on until the clock agrees.
 */
async function waitUntilDue(deps: StreamWorkerDeps, dueAt: number): Promise<void> {
  // An unreadable due time (NaN) compares false everywhere: the job runs without waiting.
  const wait = dueAt - deps.clock.now().getTime();
  if (wait > 0 && wait > deps.remainingMs() - RUN_RESERVE_MS) throw new Error(`backoff of ${wait} ms does not fit this invocation`);
  for (let left = wait; left > 0; left = dueAt - deps.clock.now().getTime()) await deps.sleep(left);
}

/**
 * Handles a batch from the FollowUp table's stream. Every write of a pending job appears on the stream,
 * including the release after a failure, so retries need no timer: the release record comes back here,
 * the backoff is waited out (bounded by the invocation's time) and the job is run again. Records of jobs
 * that are done, parked, or held by a running worker are skipped. A record that could not be handled —
 * a store error, or a backoff longer than the time left — is reported as a partial batch failure, so the
 * event source retries from it and finally sends it to the dead-letter queue (reconciliation re-drives it).
 */
export async function handleFollowUpStream(deps: StreamWorkerDeps, records: readonly FollowUpStreamRecord[]): Promise<StreamBatchResponse> {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    const key = text(image, 'key');
    const id = record.dynamodb?.SequenceNumber ?? record.eventID ?? '';
    if (!key || text(image, 'status') !== 'pending' || text(image, 'claimToken')) continue;
    try {
      await waitUntilDue(deps, new Date(text(image, 'claimedUntil') ?? Number.NaN).getTime());
      const outcome = await deps.runFollowUp(key);
      deps.logger.info({ followUp: key, outcome }, 'follow-up stream record handled');
    } catch (error) {
      deps.logger.error({ followUp: key, err: error }, 'follow-up stream record failed');
      batchItemFailures.push({ itemIdentifier: id });
      // Stream order per key matters: stop at the first failure, the event source retries from here.
      break;
    }
  }
  return { batchItemFailures };
}
