/**
 * The per-day capacity port: servings the kitchen has promised for each delivery date.
 * A checkout holds its servings before its Checkout Session exists; the hold is released when the session
 * expires or its payment fails, and confirmed when it is paid. Adapters: SQLite (one transaction) and
 * DynamoDB (conditional writes on a per-date counter and a hold item); both pass tests/contracts/capacity-store.contract.ts.
 */
export interface CapacityHold {
  /** Chosen by the shop before the session exists; the session carries it in metadata.capacity_hold. */
  holdId: string;
  /** The delivery date (YYYY-MM-DD, the shop's calendar). */
  date: string;
  servings: number;
}

/**
 * held: counted, waiting for payment. released: given back (expired or failed). confirmed: paid and counted.
 * overbooked: paid after its hold was released, when the date had filled up again: not counted, refunded.
 */
export type HoldState = 'held' | 'released' | 'confirmed' | 'overbooked';

export interface StoredHold extends CapacityHold {
  state: HoldState;
}

export type ReserveOutcome = { ok: true } | { ok: false; remaining: number };

export type ConfirmOutcome = 'confirmed' | 'overbooked' | 'unknown_hold';

export interface CapacityStore {
  /**
   * Atomically counts the hold against its date if the date's servings stay within `capacity`; otherwise
   * changes nothing and says how many servings remain. Reserving an id already held or confirmed is ok and
   * counts nothing twice.
   */
  reserve(hold: CapacityHold, capacity: number): Promise<ReserveOutcome>;
  /** held → released, giving its servings back; true only for the call that released it. */
  release(holdId: string): Promise<boolean>;
  /**
   * held → confirmed. A released hold (its session expired, then was paid anyway) is counted again if it
   * still fits, else marked overbooked. Idempotent: asking again gives the same answer.
   */
  confirm(holdId: string, capacity: number): Promise<ConfirmOutcome>;
  getHold(holdId: string): Promise<StoredHold | null>;
  /** Servings counted on a date (held and confirmed). */
  used(date: string): Promise<number>;
  close(): Promise<void>;
}
