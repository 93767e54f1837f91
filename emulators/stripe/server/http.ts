// Dev controls (/_emulator/…) and their contract are documented in ./dev-controls.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomId } from '../ids';
import { API_VERSION, type Core } from '../core';
import { StripeApiError, invalidRequest, routeNotFound } from '../errors';
import { showCheckout, submitCheckout, type HtmlResponse } from '../hosted-checkout/handler';
import { showPaymentLink, showPaymentLinkConfirmation } from '../hosted-checkout/payment-link-page';
import { billingPage, type HostedPage } from '../billing/pages';
import { authenticate } from './auth';
import { crossSiteReason, devControlRefusal } from './cross-site';
import { handleDevControl } from './dev-controls';
import type { ApiRequestRecord } from '../stripecli/host';
import { parseForm } from './form';
import { IdempotencyGuard, executed, idempotencyKeyOf } from './idempotency';
import { assertKnown } from './params';
import { allowedQuery, type Router } from './route';

/** Largest body kept; the rest of a larger one is discarded unread (Node drains it after the answer). */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerHooks {
  core: () => Core;
  router: Router;
  /** Called once per /v1 request with its route, e.g. "GET /v1/checkout/sessions/:id". */
  onApiRequest: (route: string) => void;
  /** Hook point: every answered /v1 request (stripecli/ streams them to `stripe logs tail`). */
  onApiResult?: (record: ApiRequestRecord) => void;
  /** Runs one unit of work: commits its writes, or undoes them if it throws (see state/store.ts). */
  transaction: <T>(work: () => T) => T;
  /** The same for an API request: resolves once its writes are committed, shared with the others of its turn. */
  groupTransaction: <T>(work: () => T) => Promise<T>;
  reset: () => void;
  stats: () => Record<string, unknown>;
  log: (line: string) => void;
}

const tooLarge = (): StripeApiError => invalidRequest(`Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`, undefined, 'request_too_large');

function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(c);
      req.off('data', onData);
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache, no-store',
    ...headers,
  });
  res.end(body);
}

function sendHtml(res: ServerResponse, r: HtmlResponse): void {
  if (r.location) {
    res.writeHead(r.status, { Location: r.location, 'Content-Length': 0 });
    res.end();
    return;
  }
  const html = r.html ?? '';
  res.writeHead(r.status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    // The page is self-contained: no scripts, no external resources.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

/** Stripe's error JSON: the body plus `doc_url` for coded errors and the request's log URL. */
function errorJson(err: StripeApiError, requestId: string): string {
  const code = err.body.code;
  const docUrl = err.body.doc_url ?? (code ? `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` : undefined);
  return JSON.stringify(
    { error: { ...err.body, ...(docUrl ? { doc_url: docUrl } : {}), request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } },
    null,
    2,
  );
}

/** Like Stripe: retrying helps after a conflict or a server error, never after a client error. */
function shouldRetry(status: number): string {
  return status === 409 || status >= 500 ? 'true' : 'false';
}

function internalError(err: unknown): StripeApiError {
  return new StripeApiError(500, {
    type: 'api_error',
    message: `Internal emulator error: ${err instanceof Error ? err.message : String(err)}`,
  });
}

/** The request's path (still percent-encoded: ids are decoded per segment), or null for `*` and absolute-form targets. */
function requestPath(rawUrl: string | undefined): { path: string; search: string } | null {
  if (!rawUrl?.startsWith('/')) return null;
  const q = rawUrl.indexOf('?');
  return q === -1 ? { path: rawUrl, search: '' } : { path: rawUrl.slice(0, q), search: rawUrl.slice(q + 1) };
}

export function createHttpServer(hooks: ServerHooks): Server {
  const idempotency = new IdempotencyGuard(() => hooks.core().state.idempotency);
  return createServer((req, res) => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const target = requestPath(req.url);
    const requestId = `req_${randomId(14)}`;
    const fail = (err: unknown): void => {
      // The one error boundary: nothing a request does can take the emulator down.
      const apiError = err instanceof StripeApiError ? err : internalError(err);
      if (!(err instanceof StripeApiError)) hooks.log(`error ${method} ${target?.path ?? req.url ?? ''}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (res.headersSent) return void res.end();
      sendJson(res, apiError.status, errorJson(apiError, requestId), { 'Request-Id': requestId, 'Stripe-Should-Retry': shouldRetry(apiError.status) });
    };
    try {
      if (!target) throw invalidRequest('Invalid request URL.', undefined, 'url_invalid');
      handle({ hooks, idempotency, req, res, method, target, requestId })
        .catch(fail)
        .finally(() => hooks.log(`${method} ${target.path} ${res.statusCode} ${Date.now() - started}ms`));
    } catch (err) {
      fail(err);
    }
  });
}

/** One request and what answering it needs. */
interface Exchange {
  hooks: ServerHooks;
  idempotency: IdempotencyGuard;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  target: { path: string; search: string };
  requestId: string;
}

async function handle(x: Exchange): Promise<void> {
  const { hooks, req, res, method, target: { path } } = x;
  if (path.startsWith('/_emulator/')) return devControls(hooks, req, res, method, path);
  const pay = /^\/c\/pay\/([^/]+)\/?$/.exec(path);
  if (pay) {
    const id = decodeSegment(pay[1] ?? '');
    return hostedPage(hooks, req, res, method, { show: (core) => showCheckout(core, id), submit: (core, form) => submitCheckout(core, id, form) });
  }
  const page = billingPage(path);
  if (page) return hostedPage(hooks, req, res, method, page);
  const link = /^\/b\/([^/]+)(\/complete)?\/?$/.exec(path);
  if (link && method === 'GET') return paymentLinkPage(hooks, res, decodeSegment(link[1] ?? ''), Boolean(link[2]), x.target.search);
  if (path.startsWith('/v1/')) return api(x);
  sendHtml(res, { status: 404, html: '<!doctype html><title>Not found</title><p>Not found. This is Local Stripe; the API lives under /v1.</p>' });
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function hostedPage(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse, method: string, page: HostedPage): Promise<void> {
  if (method === 'GET') return sendHtml(res, hooks.transaction(() => page.show(hooks.core())));
  const submit = page.submit;
  if (method !== 'POST' || !submit) {
    res.writeHead(405, { Allow: submit ? 'GET, POST' : 'GET' });
    res.end();
    return;
  }
  // The page posts to itself; another site's form must not pay (or probe) a session.
  const refused = crossSiteReason(req.headers);
  if (refused) return sendHtml(res, { status: 403, html: `<!doctype html><title>Forbidden</title><p>${refused}</p>` });
  const form = parseForm(await readBody(req));
  sendHtml(res, hooks.transaction(() => submit(hooks.core(), form)));
}

/** A Payment Link's page opens a new Checkout Session (one write, like the hosted page's submit). */
function paymentLinkPage(hooks: ServerHooks, res: ServerResponse, token: string, complete: boolean, search: string): void {
  const core = hooks.core();
  sendHtml(res, complete ? showPaymentLinkConfirmation(core, token) : hooks.transaction(() => showPaymentLink(core, token, new URLSearchParams(search))));
}

async function devControls(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  const refused = method === 'GET' ? null : devControlRefusal(req.headers);
  if (refused) {
    return sendJson(res, 403, JSON.stringify({ error: { type: 'invalid_request_error', message: refused } }, null, 2), {});
  }
  const body = await readBody(req);
  const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : '';
  const result = hooks.transaction(() => handleDevControl(hooks, { method, path, body, contentType }));
  sendJson(res, result.status, JSON.stringify(result.body, null, 2), {});
}

/** Route key for stats: the matched pattern, else the path with id-looking segments replaced. */
function routeKey(method: string, path: string, pattern: string | undefined): string {
  if (pattern) return `${method} ${pattern}`;
  const normalized = path
    .split('/')
    .map((seg) => (/^[a-z]+_(?=[A-Za-z0-9_]*[0-9A-Z])[A-Za-z0-9_]+$/.test(seg) ? ':id' : seg))
    .join('/');
  return `${method} ${normalized}`;
}

async function api(x: Exchange): Promise<void> {
  const { hooks, idempotency, req, res, method, target, requestId } = x;
  const { path } = target;
  const match = hooks.router.match(method, path);
  hooks.onApiRequest(routeKey(method, path, match?.route.pattern));
  const version = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : API_VERSION;
  const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': version };
  const send = (status: number, body: string, extra: Record<string, string> = {}): void => {
    sendJson(res, status, body, { ...headers, ...(status >= 400 ? { 'Stripe-Should-Retry': shouldRetry(status) } : {}), ...extra });
    hooks.onApiResult?.({ method, path, status, requestId, responseBody: body });
  };
  try {
    const apiKey = authenticate(req.headers.authorization);
    const idempotencyKey = idempotencyKeyOf(method, req.headers);
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    const storeKey = idempotencyKey ? `${apiKey}:${idempotencyKey}` : null;
    const release = storeKey && idempotencyKey ? idempotency.claim(storeKey, idempotencyKey) : null;
    try {
      const raw = method === 'POST' ? await readBody(req) : target.search;
      const fingerprint = { method, path, body: raw };
      const prior = storeKey && idempotencyKey ? idempotency.replay(storeKey, idempotencyKey, fingerprint, hooks.core().options.clock()) : null;
      if (prior) return send(prior.status, prior.response, { 'Idempotent-Replayed': 'true' });
      if (!match) throw routeNotFound(method, path);
      const params = parseForm(raw);
      // One unit: the handler's writes and the stored answer commit together, or not at all, before the answer.
      const { status, body } = await hooks.groupTransaction(() => {
        const outcome = runHandler(match, { method, path, params, ctx: { requestId, idempotencyKey } }, requestId);
        if (storeKey && executed(outcome.status)) idempotency.remember(storeKey, fingerprint, outcome.status, outcome.body, hooks.core().options.clock());
        return outcome;
      });
      send(status, body);
    } finally {
      release?.();
    }
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    send(err.status, errorJson(err, requestId));
  }
}

function runHandler(
  match: NonNullable<ReturnType<Router['match']>>,
  request: { method: string; path: string; params: ReturnType<typeof parseForm>; ctx: { requestId: string; idempotencyKey: string | null } },
  requestId: string,
): { status: number; body: string } {
  try {
    const allowed = allowedQuery(match.route);
    if (allowed) assertKnown(request.params, allowed);
    const result = match.route.handler({ ...request, pathParams: match.pathParams });
    return { status: 200, body: JSON.stringify(result, null, 2) };
  } catch (err) {
    // Declines (402) are answers that keep their state; they are stored for replay like a success.
    if (err instanceof StripeApiError && err.status === 402) return { status: 402, body: errorJson(err, requestId) };
    throw err;
  }
}
