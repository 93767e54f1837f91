import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Order } from '../../domain/orders/order';
import type { OrderFulfilment } from '../../domain/kitchen/fulfilment';
import type { ApplyOutcome, OrderTransition } from '../../domain/orders/event-ledger';
import type { EventRecord, StoredEvent } from '../../domain/orders/event-log';
import type { FollowUpJob, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import type { FulfilmentWriteOutcome } from '../../domain/orders/order-repository';
import type { OrderStoreBackend } from '../../domain/orders/order-store';
import { AppSyncCursors } from './appsync-cursors';
import { AppSyncOrders } from './appsync-orders';
import type { OrderStoreTables } from './dynamo-items';
import { DynamoKitchen } from './dynamo-kitchen';
import { DynamoLedger } from './dynamo-ledger';
import type { GraphqlTransport } from './graphql-transport';

export interface AmplifyOrderStoreOptions {
  /** The wall clock for `updatedAt` stamps (the port's own timestamps are passed in by callers). */
  clock?: () => Date;
  /** Stripe event records expire this long after receipt (DynamoDB TTL on expiresAt). */
  eventRetentionDays?: number;
  /** Page size asked of list queries (DynamoDB may return fewer; pages are always followed). */
  pageSize?: number;
  /** How many times a write is retried after losing a race. */
  maxConflictRetries?: number;
}

export interface AmplifyOrderStoreDeps {
  /** Amplify Data (AppSync) with IAM: order reads and ownership writes. */
  graphql: GraphqlTransport;
  /** The Amplify-generated tables, written directly for events, their orders and follow-ups. */
  dynamo: DynamoDBDocumentClient;
  tables: OrderStoreTables;
}

const DAY_MS = 86_400_000;

/**
 * Every store port (lib/domain/orders/order-store.ts) over Amplify Data. Customers' orders are read through
 * AppSync, under the model's owner/ADMINS rules; a Stripe event, its order change and its follow-up jobs
 * are one DynamoDB transaction (AppSync's resolvers have none), which closes the window where an event
 * could be lost behind another delivery's lease. Cursors live in their own Cursor model.
 */
export class AmplifyOrderStore implements OrderStoreBackend {
  private readonly orders: AppSyncOrders;
  private readonly cursors: AppSyncCursors;
  private readonly ledger: DynamoLedger;
  private readonly kitchen: DynamoKitchen;
  private readonly maxConflictRetries: number;

  constructor(deps: AmplifyOrderStoreDeps, options: AmplifyOrderStoreOptions = {}) {
    const pageSize = options.pageSize ?? 100;
    this.maxConflictRetries = options.maxConflictRetries ?? 10;
    this.orders = new AppSyncOrders(deps.graphql, pageSize);
    this.cursors = new AppSyncCursors(deps.graphql, this.maxConflictRetries);
    this.ledger = new DynamoLedger(deps.dynamo, deps.tables, {
      clock: options.clock ?? (() => new Date()),
      eventRetentionMs: (options.eventRetentionDays ?? 90) * DAY_MS,
      maxConflictRetries: this.maxConflictRetries,
      pageSize,
    });
    this.kitchen = new DynamoKitchen(deps.dynamo, deps.tables, { clock: options.clock ?? (() => new Date()), maxConflictRetries: this.maxConflictRetries, pageSize });
  }

  getEvent(id: string): Promise<StoredEvent | null> {
    return this.ledger.getEvent(id);
  }

  applyEvent(event: EventRecord, transition: OrderTransition | null, processedAt: string, followUps: FollowUpJob[] = []): Promise<ApplyOutcome> {
    return this.ledger.applyEvent(event, transition, processedAt, followUps);
  }

  recordEventFailure(event: EventRecord, error: string): Promise<void> {
    return this.ledger.recordEventFailure(event, error);
  }

  getOrder(id: string): Promise<Order | null> {
    return this.orders.getOrder(id);
  }

  listOrdersByOwner(owner: string): Promise<Order[]> {
    return this.orders.listOrdersByOwner(owner);
  }

  assignOwner(orderId: string, owner: string): Promise<Order | null> {
    return this.orders.assignOwner(orderId, owner, this.maxConflictRetries);
  }

  claimOrdersByEmail(email: string, owner: string): Promise<number> {
    return this.orders.claimOrdersByEmail(email, owner);
  }

  claimFollowUp(key: string, now: string, leaseUntil: string, token: string): Promise<StoredFollowUp | null> {
    return this.ledger.claimFollowUp(key, now, leaseUntil, token);
  }

  saveFollowUpProgress(key: string, progress: Record<string, unknown>, token?: string): Promise<boolean> {
    return this.ledger.saveFollowUpProgress(key, progress, token);
  }

  completeFollowUp(key: string, token: string, completedAt: string): Promise<boolean> {
    return this.ledger.completeFollowUp(key, token, completedAt);
  }

  releaseFollowUp(key: string, token: string, error: string, retryAt: string): Promise<boolean> {
    return this.ledger.releaseFollowUp(key, token, error, retryAt);
  }

  parkFollowUp(key: string, token: string, error: string, parkedAt: string): Promise<boolean> {
    return this.ledger.parkFollowUp(key, token, error, parkedAt);
  }

  requeueFollowUp(key: string, now: string): Promise<boolean> {
    return this.ledger.requeueFollowUp(key, now);
  }

  listFailedFollowUps(limit: number): Promise<StoredFollowUp[]> {
    return this.ledger.listFailedFollowUps(limit);
  }

  findOrderIdByPaymentIntent(paymentIntentId: string): Promise<string | null> {
    return this.ledger.findOrderIdByPaymentIntent(paymentIntentId);
  }

  getFollowUp(key: string): Promise<StoredFollowUp | null> {
    return this.ledger.getFollowUp(key);
  }

  listPendingFollowUps(now: string, limit: number): Promise<StoredFollowUp[]> {
    return this.ledger.listPendingFollowUps(now, limit);
  }

  getCursor(name: string): Promise<number | null> {
    return this.cursors.getCursor(name);
  }

  setCursor(name: string, value: number): Promise<void> {
    return this.cursors.setCursor(name, value);
  }

  listOrdersByDeliveryDate(from: string, to: string): Promise<Order[]> {
    return this.kitchen.listOrdersByDeliveryDate(from, to);
  }

  searchOrders(term: string): Promise<Order[]> {
    return this.kitchen.searchOrders(term);
  }

  updateFulfilment(orderId: string, expectedVersion: number, next: OrderFulfilment, followUps: FollowUpJob[], now: string): Promise<FulfilmentWriteOutcome> {
    return this.kitchen.updateFulfilment(orderId, expectedVersion, next, followUps, now);
  }

  async close(): Promise<void> {
    // Stateless over HTTP: nothing to release.
  }
}
