import { randomUUID } from 'node:crypto';
import type { Order } from '../../orders/order';
import type {
  ApplyOutcome,
  EventRecord,
  FollowUpJob,
  OrderStore,
  OrderTransition,
  StoredEvent,
  StoredFollowUp,
} from '../../orders/order-store';
import { documents, type OperationName } from './documents';
import { AppSyncError, execute, type GraphqlTransport } from './graphql-transport';
import {
  eventRecordInput,
  orderContentInput,
  toOrder,
  toStoredEvent,
  toStoredFollowUp,
  withoutNulls,
  type FollowUpItemRecord,
  type OrderItemRecord,
  type Page,
  type StripeEventItemRecord,
} from './records';

export interface AmplifyOrderStoreOptions {
  /** The wall clock for event leases and TTLs (the port's own timestamps are passed in by callers). */
  clock?: () => Date;
  /** How long one delivery holds an event while applying it; a crashed holder is taken over after this. */
  eventLeaseMs?: number;
  /** Stripe event records expire this long after receipt (DynamoDB TTL on expiresAt). */
  eventRetentionDays?: number;
  /** Page size asked of list queries (AppSync/DynamoDB may return fewer; pages are always followed). */
  pageSize?: number;
  /** How many times an optimistic write is retried after losing a race. */
  maxConflictRetries?: number;
  newClaimToken?: () => string;
}

/** A delivery's hold on an event while it applies it. */
interface EventClaim {
  token: string;
  /** Failed attempts recorded before this one. */
  attempts: number;
  lastError: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The OrderStore port over Amplify Data (AppSync + DynamoDB).
 *
 * DynamoDB through AppSync has no multi-item transaction, so "record the event and apply it, all or
 * nothing" is built from per-item conditional writes, each atomic on its own:
 *  1. claim the event: a conditional create (or a conditional takeover of a failed attempt or an expired
 *     lease) of the StripeEvent item in status 'processing'. Only one delivery can hold it, so the
 *     transition runs once however many copies arrive together; the others answer 'duplicate'.
 *  2. apply the transition to the order with optimistic concurrency (condition on `version`, retried).
 *  3. enqueue follow-ups with conditional creates (an existing key means already enqueued: fine).
 *  4. mark the event processed, conditional on still holding the claim.
 * If anything in 2–3 throws, the claim is given back, so nothing is recorded and Stripe's retry starts
 * over. If the process dies in between, the claim's lease runs out and the next delivery takes over.
 * Replaying steps 2–3 after such a crash is harmless: the transition is the pure, monotonic state
 * machine (applyFact), so applying the same fact to an order that already has it changes nothing, and
 * follow-up keys are deterministic, so their creates are no-ops the second time.
 */
function cursorKey(name: string): string {
  return `cursor:${name}`;
}

export class AmplifyOrderStore implements OrderStore {
  private readonly clock: () => Date;
  private readonly eventLeaseMs: number;
  private readonly eventRetentionMs: number;
  private readonly pageSize: number;
  private readonly maxConflictRetries: number;
  private readonly newClaimToken: () => string;

  constructor(
    private readonly transport: GraphqlTransport,
    options: AmplifyOrderStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.eventLeaseMs = options.eventLeaseMs ?? 60_000;
    this.eventRetentionMs = (options.eventRetentionDays ?? 90) * DAY_MS;
    this.pageSize = options.pageSize ?? 100;
    this.maxConflictRetries = options.maxConflictRetries ?? 10;
    this.newClaimToken = options.newClaimToken ?? randomUUID;
  }

  // ── Events ──────────────────────────────────────────────────────────────────────────────────

  async getEvent(id: string): Promise<StoredEvent | null> {
    const record = await this.readEvent(id);
    return record ? toStoredEvent(record) : null;
  }

  async listEvents(): Promise<StoredEvent[]> {
    const records = await this.listAll<StripeEventItemRecord>('listStripeEvents', {});
    return records
      .map(toStoredEvent)
      .filter((event): event is StoredEvent => event !== null)
      .sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  }

  async applyEvent(
    event: EventRecord,
    transition: OrderTransition | null,
    processedAt: string,
    followUps: FollowUpJob[] = [],
  ): Promise<ApplyOutcome> {
    const claim = await this.claimEvent(event);
    if (!claim) return 'duplicate';
    try {
      if (transition) await this.writeOrder(transition);
      for (const job of followUps) await this.enqueueFollowUp(job, processedAt);
    } catch (error) {
      // Give the event back so the retry starts clean; if this fails too, the lease runs out instead.
      await this.releaseEventClaim(event.id, claim).catch(() => undefined);
      throw error;
    }
    const recorded = await this.finishEventClaim(event.id, claim, transition ? 'processed' : 'ignored', processedAt);
    // Losing the claim means our lease ran out and another delivery took over: it records the event.
    return recorded ? 'applied' : 'duplicate';
  }

  async recordEventFailure(event: EventRecord, error: string): Promise<void> {
    await this.withConflictRetries('recordEventFailure', async () => {
      const existing = await this.readEvent(event.id);
      if (!existing) {
        await this.query('createStripeEvent', {
          input: withoutNulls({ ...eventRecordInput(event), status: 'failed', attempts: 1, lastError: error, expiresAt: this.expiresAt(event) }),
        });
        return;
      }
      // Processed or ignored: never downgraded. Processing: the delivery holding it decides the outcome.
      if (existing.status !== 'failed') return;
      await this.query('updateStripeEvent', {
        input: { id: event.id, attempts: existing.attempts + 1, lastError: error },
        condition: { status: { eq: 'failed' }, attempts: { eq: existing.attempts } },
      });
    });
  }

  /** Step 1: take the event for this delivery, or null if it is recorded or another delivery holds it. */
  private async claimEvent(event: EventRecord): Promise<EventClaim | null> {
    return this.withConflictRetries('claimEvent', async () => {
      const existing = await this.readEvent(event.id);
      const now = this.clock();
      const token = this.newClaimToken();
      const lease = { status: 'processing', claimToken: token, claimedUntil: new Date(now.getTime() + this.eventLeaseMs).toISOString() };
      if (!existing) {
        await this.query('createStripeEvent', {
          input: withoutNulls({ ...eventRecordInput(event), ...lease, attempts: 0, expiresAt: this.expiresAt(event) }),
        });
        return { token, attempts: 0, lastError: null };
      }
      if (existing.status === 'processed' || existing.status === 'ignored') return null;
      const leaseHeld = existing.status === 'processing' && existing.claimedUntil !== null && existing.claimedUntil > now.toISOString();
      if (leaseHeld) return null;
      // A failed attempt, or a holder whose lease ran out: take over, if nobody else did first.
      const unchanged =
        existing.status === 'failed'
          ? { status: { eq: 'failed' }, attempts: { eq: existing.attempts } }
          : { status: { eq: 'processing' }, claimToken: { eq: existing.claimToken } };
      await this.query('updateStripeEvent', { input: { id: event.id, ...lease }, condition: unchanged });
      return { token, attempts: existing.attempts, lastError: existing.lastError };
    });
  }

  /** Step 4: record the outcome, only while this delivery still holds the claim. */
  private async finishEventClaim(id: string, claim: EventClaim, status: 'processed' | 'ignored', processedAt: string): Promise<boolean> {
    return this.succeedsUnlessConditionFails(() =>
      this.query('updateStripeEvent', {
        input: { id, status, processedAt, lastError: null, attempts: claim.attempts + 1, claimToken: null, claimedUntil: null },
        condition: { status: { eq: 'processing' }, claimToken: { eq: claim.token } },
      }),
    );
  }

  /** Undoes a claim: a first attempt leaves no trace; a retried one goes back to its failed record. */
  private async releaseEventClaim(id: string, claim: EventClaim): Promise<void> {
    const stillMine = { status: { eq: 'processing' }, claimToken: { eq: claim.token } };
    if (claim.attempts === 0) {
      await this.succeedsUnlessConditionFails(() => this.query('deleteStripeEvent', { input: { id }, condition: stillMine }));
      return;
    }
    await this.succeedsUnlessConditionFails(() =>
      this.query('updateStripeEvent', {
        input: { id, status: 'failed', lastError: claim.lastError, claimToken: null, claimedUntil: null },
        condition: stillMine,
      }),
    );
  }

  private expiresAt(event: EventRecord): number {
    const received = Date.parse(event.receivedAt);
    const from = Number.isNaN(received) ? this.clock().getTime() : received;
    return Math.floor((from + this.eventRetentionMs) / 1000);
  }

  private readEvent(id: string): Promise<StripeEventItemRecord | null> {
    return this.query<StripeEventItemRecord>('getStripeEvent', { id });
  }

  // ── Orders ──────────────────────────────────────────────────────────────────────────────────

  async getOrder(id: string): Promise<Order | null> {
    const record = await this.readOrder(id);
    return record ? toOrder(record) : null;
  }

  async listOrders(): Promise<Order[]> {
    const records = await this.listAll<OrderItemRecord>('listOrders', {});
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)).map(toOrder);
  }

  async listOrdersByOwner(owner: string): Promise<Order[]> {
    const records = await this.listAll<OrderItemRecord>('listOrderByOwner', { owner });
    return records
      .sort((a, b) => (b.sessionCreated ?? 0) - (a.sessionCreated ?? 0) || b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
      .map(toOrder);
  }

  async assignOwner(orderId: string, owner: string): Promise<Order | null> {
    return this.withConflictRetries('assignOwner', async () => {
      const record = await this.readOrder(orderId);
      if (!record || record.owner) return record ? toOrder(record) : null;
      return toOrder(await this.setOwner(record, owner));
    });
  }

  async claimOrdersByEmail(email: string, owner: string): Promise<number> {
    const unowned = await this.listAll<OrderItemRecord>('listOrderByEmail', {
      email: email.toLowerCase(),
      filter: { owner: { attributeExists: false } },
    });
    let claimed = 0;
    for (const record of unowned) {
      // Someone else may own it by now; the condition in setOwner keeps the first owner.
      if (await this.succeedsUnlessConditionFails(() => this.setOwner(record, owner))) claimed++;
    }
    return claimed;
  }

  /** Step 2: read-modify-write of one order, conditional on the version read. */
  private async writeOrder(transition: OrderTransition): Promise<void> {
    await this.withConflictRetries('writeOrder', async () => {
      const current = await this.readOrder(transition.orderId);
      const next = transition.apply(current ? toOrder(current) : null);
      if (!current) {
        // Create fails if the order appeared meanwhile (the identifier is the condition): retried.
        await this.query('createOrder', { input: withoutNulls({ ...orderContentInput(next), owner: next.owner, version: 1 }) });
        return;
      }
      await this.query('updateOrder', {
        input: { ...orderContentInput(next), version: current.version + 1 },
        condition: { version: { eq: current.version } },
      });
    });
  }

  private async setOwner(record: OrderItemRecord, owner: string): Promise<OrderItemRecord> {
    const updated = await this.query<OrderItemRecord>('updateOrder', {
      input: { id: record.id, owner, version: record.version + 1 },
      condition: { owner: { attributeExists: false }, version: { eq: record.version } },
    });
    if (!updated) throw new Error(`updateOrder returned no order for ${record.id}`);
    return updated;
  }

  private readOrder(id: string): Promise<OrderItemRecord | null> {
    return this.query<OrderItemRecord>('getOrder', { id });
  }

  // ── Follow-ups ──────────────────────────────────────────────────────────────────────────────

  /** Step 3: a conditional create; an existing key means it was enqueued already, which is fine. */
  private async enqueueFollowUp(job: FollowUpJob, enqueuedAt: string): Promise<void> {
    await this.succeedsUnlessConditionFails(() =>
      this.query('createFollowUp', {
        input: { key: job.key, kind: job.kind, payload: JSON.stringify(job.payload), status: 'pending', progress: '{}', attempts: 0, enqueuedAt },
      }),
    );
  }

  async claimFollowUp(key: string, now: string, leaseUntil: string, token: string): Promise<StoredFollowUp | null> {
    const current = await this.query<FollowUpItemRecord>('getFollowUp', { key });
    if (!current || current.status !== 'pending' || (current.claimedUntil !== null && current.claimedUntil > now)) return null;
    let claimed: FollowUpItemRecord | null = null;
    const won = await this.succeedsUnlessConditionFails(async () => {
      claimed = await this.query<FollowUpItemRecord>('updateFollowUp', {
        input: { key, claimedUntil: leaseUntil, claimToken: token, attempts: current.attempts + 1 },
        condition: {
          status: { eq: 'pending' },
          attempts: { eq: current.attempts },
          or: [{ claimedUntil: { attributeExists: false } }, { claimedUntil: { le: now } }],
        },
      });
    });
    return won && claimed ? toStoredFollowUp(claimed) : null;
  }

  async saveFollowUpProgress(key: string, progress: Record<string, unknown>, token?: string): Promise<boolean> {
    // An update of a missing key fails its implicit existence condition: like SQLite's UPDATE, a no-op.
    const condition = token === undefined ? undefined : this.heldWith(token);
    return this.succeedsUnlessConditionFails(() => this.query('updateFollowUp', { input: { key, progress: JSON.stringify(progress) }, condition }));
  }

  async completeFollowUp(key: string, token: string, completedAt: string): Promise<boolean> {
    return this.succeedsUnlessConditionFails(() =>
      this.query('updateFollowUp', {
        input: { key, status: 'done', completedAt, claimedUntil: null, claimToken: null, lastError: null },
        condition: this.heldWith(token),
      }),
    );
  }

  async releaseFollowUp(key: string, token: string, error: string, retryAt: string): Promise<boolean> {
    return this.succeedsUnlessConditionFails(() =>
      this.query('updateFollowUp', { input: { key, claimedUntil: retryAt, claimToken: null, lastError: error }, condition: this.heldWith(token) }),
    );
  }

  async parkFollowUp(key: string, token: string, error: string, parkedAt: string): Promise<boolean> {
    return this.succeedsUnlessConditionFails(() =>
      this.query('updateFollowUp', {
        input: { key, status: 'failed', completedAt: parkedAt, claimedUntil: null, claimToken: null, lastError: error },
        condition: this.heldWith(token),
      }),
    );
  }

  async requeueFollowUp(key: string, now: string): Promise<boolean> {
    return this.succeedsUnlessConditionFails(() =>
      this.query('updateFollowUp', {
        input: { key, status: 'pending', attempts: 0, claimedUntil: now, claimToken: null, completedAt: null },
        condition: { status: { eq: 'failed' } },
      }),
    );
  }

  async listFailedFollowUps(limit: number): Promise<StoredFollowUp[]> {
    const records = await this.listAll<FollowUpItemRecord>('listFollowUpByStatusAndEnqueuedAt', { status: 'failed', sortDirection: 'ASC' }, limit);
    return records.slice(0, limit).map(toStoredFollowUp);
  }

  /** Only the holder of this lease may write. */
  private heldWith(token: string): Record<string, unknown> {
    return { status: { eq: 'pending' }, claimToken: { eq: token } };
  }

  async findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null> {
    // A filtered scan: the adapter rewrite should serve this from an index on paymentIntentId.
    const records = await this.listAll<OrderItemRecord>('listOrders', { filter: { paymentIntentId: { eq: paymentIntentId } } }, 1);
    return records[0]?.id ?? null;
  }

  // ── Cursors ────────────────────────────────────────────────────────────────────────────────
  // Kept as finished FollowUp items under a reserved key prefix: one more small durable record
  // does not justify another table; a 'done' item is never listed as pending work.

  async getCursor(name: string): Promise<number | null> {
    const record = await this.query<FollowUpItemRecord>('getFollowUp', { key: cursorKey(name) });
    if (!record) return null;
    const value = (JSON.parse(record.progress) as { value?: unknown }).value;
    return typeof value === 'number' ? value : null;
  }

  async setCursor(name: string, value: number): Promise<void> {
    const key = cursorKey(name);
    const progress = JSON.stringify({ value });
    const created = await this.succeedsUnlessConditionFails(() =>
      this.query('createFollowUp', {
        input: { key, kind: 'cursor', payload: '{}', status: 'done', progress, attempts: 0, enqueuedAt: new Date().toISOString() },
      }),
    );
    if (!created) await this.query('updateFollowUp', { input: { key, progress } });
  }

  async getFollowUp(key: string): Promise<StoredFollowUp | null> {
    const record = await this.query<FollowUpItemRecord>('getFollowUp', { key });
    return record ? toStoredFollowUp(record) : null;
  }

  async listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]> {
    // DynamoDB applies `limit` before the filter, so pages can come back short: keep reading until enough.
    const records = await this.listAll<FollowUpItemRecord>(
      'listFollowUpByStatusAndEnqueuedAt',
      {
        status: 'pending',
        sortDirection: 'ASC',
        filter: { or: [{ claimedUntil: { attributeExists: false } }, { claimedUntil: { le: now } }] },
      },
      limit,
    );
    return records
      .sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt) || a.key.localeCompare(b.key))
      .slice(0, limit)
      .map(toStoredFollowUp);
  }

  async close(): Promise<void> {
    // Stateless over HTTP: nothing to release.
  }

  // ── GraphQL plumbing ────────────────────────────────────────────────────────────────────────

  private query<T = unknown>(operation: OperationName, variables: Record<string, unknown>): Promise<T | null> {
    return execute<T>(this.transport, operation, { query: documents[operation], variables });
  }

  /** Follows nextToken to the end (or until `enough` items are in hand). */
  private async listAll<T>(operation: OperationName, variables: Record<string, unknown>, enough = Infinity): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | null = null;
    do {
      const page: Page<T> | null = await this.query<Page<T>>(operation, { ...variables, limit: this.pageSize, nextToken });
      items.push(...(page?.items ?? []));
      nextToken = page?.nextToken ?? null;
    } while (nextToken && items.length < enough);
    return items;
  }

  /** True if the write went through, false if its condition failed; any other error is thrown. */
  private async succeedsUnlessConditionFails(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (error instanceof AppSyncError && error.isConditionFailure) return false;
      throw error;
    }
  }

  /** Runs a read-then-conditional-write step again when it loses a race (its condition failed). */
  private async withConflictRetries<T>(what: string, step: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        const lostRace = error instanceof AppSyncError && error.isConditionFailure;
        if (!lostRace) throw error;
        if (attempt >= this.maxConflictRetries) throw new Error(`${what}: still losing races after ${attempt + 1} tries`, { cause: error });
      }
    }
  }
}
