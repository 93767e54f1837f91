/**
 * Dev controls: Local Stripe-only endpoints under /_emulator/ (no API key; JSON responses;
 * errors as `{ "error": { "type": "invalid_request_error", "message": "…" } }`).
 *
 *   GET  /_emulator/health
 *        → 200 { "ok": true }
 *   GET  /_emulator/stats
 *        → 200 { "apiRequests": n, "pendingDeliveries": n, "pendingSettlements": n,
 *                "requestsByPath": { "GET /v1/prices": n, "GET /v1/checkout/sessions/:id": n, … },
 *                "apiRequestsByRoute": { …same counts… } }
 *        Counts /v1 requests since start (not persisted); paths use the route pattern (ids → `:id`).
 *   POST /_emulator/reset
 *        → 200 { "ok": true }: wipes state (re-seeds the catalog, keeps the configured endpoint).
 *   POST /_emulator/checkout/sessions/:id/settle     body (form or JSON): outcome=succeeded|failed (optional)
 *        Settles the session's pending delayed (bank debit) payment now instead of after
 *        `asyncPaymentDelayMs`. Without `outcome`, the IBAN's natural outcome applies
 *        (AT861904300235473202 fails, DE89370400440532013000 succeeds, …).
 *        → 200 the Checkout Session after settlement (`payment_status` "paid" on success, "unpaid" on failure);
 *          the same events as a timed settlement are emitted (charge.*, payment_intent.*, checkout.session.async_payment_*).
 *        → 404 unknown session; 400 no pending delayed payment (open, card-paid, already settled, expired…)
 *          or an invalid `outcome`.
 */
import type { Core } from '../core';
import type { SettlementOutcome } from '../state/types';
import { parseForm, type ParamMap } from './form';

export interface DevControlHooks {
  core: () => Core;
  reset: () => void;
  stats: () => Record<string, unknown>;
}

export interface DevRequest {
  method: string;
  path: string;
  body: string;
  contentType: string;
}

type DevResponse = { status: number; body: unknown };

function error(status: number, message: string): DevResponse {
  return { status, body: { error: { type: 'invalid_request_error', message } } };
}

/** Dev tools post either a form or JSON; a malformed JSON body reads as empty. */
function parseBody(body: string, contentType: string): ParamMap | Record<string, unknown> {
  if (!contentType.includes('application/json')) return parseForm(body);
  try {
    const parsed: unknown = JSON.parse(body || '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function settleSession(core: Core, sessionId: string, rawOutcome: unknown): DevResponse {
  const session = core.state.sessions[sessionId];
  if (!session) return error(404, `No such checkout.session: '${sessionId}'`);
  let outcome: SettlementOutcome | undefined;
  if (rawOutcome === 'succeeded' || rawOutcome === 'failed') outcome = rawOutcome;
  else if (rawOutcome !== undefined && rawOutcome !== '') {
    return error(400, `Invalid outcome: must be "succeeded" or "failed" (got ${JSON.stringify(rawOutcome)}).`);
  }
  const piId = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
  if (!piId || !core.settlements.settleNow(piId, outcome)) {
    return error(
      400,
      `Checkout Session ${sessionId} has no pending delayed payment (status ${session.status ?? 'unknown'}, payment_status ${session.payment_status}).`,
    );
  }
  return { status: 200, body: core.state.sessions[sessionId] };
}

export function handleDevControl(hooks: DevControlHooks, req: DevRequest): DevResponse {
  const { method, path } = req;
  if (method === 'GET' && path === '/_emulator/health') return { status: 200, body: { ok: true } };
  if (method === 'GET' && path === '/_emulator/stats') return { status: 200, body: hooks.stats() };
  if (method === 'POST' && path === '/_emulator/reset') {
    hooks.reset();
    return { status: 200, body: { ok: true } };
  }
  const settle = /^\/_emulator\/checkout\/sessions\/([^/]+)\/settle\/?$/.exec(path);
  if (method === 'POST' && settle) {
    const params = parseBody(req.body, req.contentType);
    let id = settle[1] ?? '';
    try {
      id = decodeURIComponent(id);
    } catch {
      // Keep the raw segment: it will simply not match a session.
    }
    return settleSession(hooks.core(), id, params['outcome']);
  }
  return error(404, `Unknown emulator control ${method} ${path}`);
}
