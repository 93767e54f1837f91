import { randomUUID } from 'node:crypto';
import { runFollowUp, type FollowUpDeps, type FollowUpOutcome } from './run-follow-ups';

export interface FollowUpWorkerOptions {
  /** Jobs run at once (each mostly waits on Cognito or email). */
  concurrency?: number;
  /** The fallback: how often to look for due jobs when nobody wakes the worker (retries, missed wake-ups). */
  pollIntervalMs?: number;
  /** Jobs read from the queue per look. */
  batchSize?: number;
  /** On stop, how long in-flight jobs may take to finish before they are released to another worker. */
  shutdownGraceMs?: number;
  onOutcome?: (key: string, outcome: FollowUpOutcome | 'error') => void;
}

interface Running {
  token: string;
  done: Promise<void>;
}

/**
 * The local follow-up worker: runs in the server process, woken when a webhook commits new jobs, with a
 * polling fallback that also picks up retries once their backoff has passed. Every job runs under a
 * fenced lease (see runFollowUp), so two workers — or a worker and reconciliation — never finish a job twice.
 */
export class FollowUpWorker {
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly shutdownGraceMs: number;
  private readonly running = new Map<string, Running>();
  private slotFreed: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;
  private passing = false;
  private again = false;
  private state: 'idle' | 'started' | 'stopping' | 'stopped' = 'idle';

  constructor(
    private readonly deps: FollowUpDeps,
    private readonly options: FollowUpWorkerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 8;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.batchSize = options.batchSize ?? 100;
    this.shutdownGraceMs = options.shutdownGraceMs ?? 10_000;
  }

  start(): this {
    if (this.state !== 'idle') return this;
    this.state = 'started';
    this.wake();
    return this;
  }

  /** New jobs were committed: look at the queue now (coalesced with a look already under way). */
  wake(): void {
    if (this.state !== 'started') return;
    if (this.passing) {
      this.again = true;
      return;
    }
    void this.pass();
  }

  /** How many jobs this worker is running right now. */
  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Stops taking jobs, lets running ones finish for up to the grace period, then releases the rest so
   * another worker can take them at once; a released job's late writes are refused by its fencing token.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    clearTimeout(this.timer);
    let graceTimer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => {
      graceTimer = setTimeout(() => resolve('timeout'), this.shutdownGraceMs);
    });
    await Promise.race([Promise.all([...this.running.values()].map((job) => job.done)), graceOver]);
    clearTimeout(graceTimer);
    const now = this.deps.clock.now().toISOString();
    for (const [key, job] of this.running) {
      // Best effort, result unused: a job that cannot be released is taken over when its lease ends.
      await this.deps.store.releaseFollowUp(key, job.token, 'released at worker shutdown', now).catch(() => undefined);
    }
    this.state = 'stopped';
  }

  private async pass(): Promise<void> {
    this.passing = true;
    clearTimeout(this.timer);
    try {
      do {
        this.again = false;
        const due = await this.deps.store.listPendingFollowUps(this.deps.clock.now().toISOString(), this.batchSize);
        for (const job of due) {
          if (this.running.has(job.key)) continue;
          await this.freeSlot();
          // Checked after the wait for a slot: stop() may have begun meanwhile, and must not see a job launched after it.
          if (this.state !== 'started') return;
          this.launch(job.key);
        }
        if (due.length === this.batchSize) this.again = true;
      } while (this.again && this.state === 'started');
    } catch (error) {
      this.deps.logger.error({ err: error }, 'follow-up worker could not read the queue');
    } finally {
      this.passing = false;
      if (this.state === 'started') this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
    }
  }

  private async freeSlot(): Promise<void> {
    while (this.running.size >= this.concurrency) {
      await new Promise<void>((resolve) => {
        this.slotFreed = resolve;
      });
    }
  }

  private launch(key: string): void {
    const token = randomUUID();
    const done = runFollowUp(this.deps, key, token)
      .then(
        (outcome) => this.options.onOutcome?.(key, outcome),
        (error: unknown) => {
          this.deps.logger.error({ followUp: key, err: error }, 'follow-up run failed');
          this.options.onOutcome?.(key, 'error');
        },
      )
      .finally(() => {
        this.running.delete(key);
        const freed = this.slotFreed;
        this.slotFreed = null;
        freed?.();
      });
    this.running.set(key, { token, done });
  }
}
