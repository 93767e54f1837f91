import type { IncomingHttpHeaders } from 'node:http';
import { StripeApiError, invalidRequest } from '../errors';
import type { IdempotencyRecord } from '../state/types';

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Where stored answers live (the state's `idempotency` collection). */
export type IdempotencyStore = Record<string, IdempotencyRecord>;

/** The request's Idempotency-Key (POST only, like Stripe), validated. */
export function idempotencyKeyOf(method: string, headers: IncomingHttpHeaders): string | null {
  const raw = headers['idempotency-key'];
  if (method !== 'POST' || typeof raw !== 'string' || raw === '') return null;
  if (raw.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalidRequest(
      `Invalid Idempotency-Key: it may be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long (got ${raw.length}).`,
      undefined,
      'idempotency_key_too_long',
    );
  }
  return raw;
}

export interface RequestFingerprint {
  method: string;
  path: string;
  body: string;
}

/**
 * Stripe's idempotency rules: a key names one request for 24 h; the same key with other parameters
 * is a 400, a key whose first request is still running is a 409, and only requests that started
 * executing store their answer (a validation failure can be retried with the same key).
 */
export class IdempotencyGuard {
  private readonly running = new Set<string>();

  constructor(private readonly store: () => IdempotencyStore) {}

  /** Claims `key` for one request; throws 409 while another request holds it. */
  claim(key: string, idempotencyKey: string): () => void {
    if (this.running.has(key)) {
      throw new StripeApiError(409, {
        type: 'idempotency_error',
        code: 'idempotency_key_in_use',
        message: `There is currently another in-progress request using this Idempotent Key (probably because of a timeout). Please retry the request with the same key '${idempotencyKey}' later.`,
      });
    }
    this.running.add(key);
    return () => this.running.delete(key);
  }

  /** The stored answer for a repeat of the same request; a 400 if the key was used for another one. */
  replay(key: string, idempotencyKey: string, request: RequestFingerprint, now = Date.now()): IdempotencyRecord | null {
    const prior = this.store()[key];
    if (!prior || now - prior.createdAt >= IDEMPOTENCY_TTL_MS) return null;
    if (prior.method !== request.method || prior.path !== request.path || prior.body !== request.body) {
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
      });
    }
    return prior;
  }

  remember(key: string, request: RequestFingerprint, status: number, response: string, now = Date.now()): void {
    this.store()[key] = { ...request, status, response, createdAt: now };
  }
}

/** Whether an error status means the request ran (stored for replay) rather than failed validation. */
export function executed(status: number): boolean {
  return status < 400 || status === 402 || status >= 500;
}

export function pruneIdempotency(store: IdempotencyStore, now = Date.now()): void {
  const cutoff = now - IDEMPOTENCY_TTL_MS;
  for (const [k, v] of Object.entries(store)) if (v.createdAt < cutoff) delete store[k];
}
