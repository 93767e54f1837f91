// Dev controls (/_emulator/…) and their contract are documented in ./dev-controls.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomId } from '../ids';
import { API_VERSION, type Core } from '../core';
import { StripeApiError, routeNotFound } from '../errors';
import { showCheckout, submitCheckout, type HtmlResponse } from '../hosted-checkout/handler';
import { authenticate } from './auth';
import { handleDevControl } from './dev-controls';
import type { ApiRequestRecord } from '../stripecli/host';
import { parseForm } from './form';
import type { Router } from './route';

const MAX_BODY = 1024 * 1024;
const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export interface ServerHooks {
  core: () => Core;
  router: Router;
  /** Called once per /v1 request with its route, e.g. "GET /v1/checkout/sessions/:id". */
  onApiRequest: (route: string) => void;
  /** Hook point: every answered /v1 request (stripecli/ streams them to `stripe logs tail`). */
  onApiResult?: (record: ApiRequestRecord) => void;
  reset: () => void;
  stats: () => Record<string, unknown>;
  log: (line: string) => void;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new StripeApiError(413, { type: 'invalid_request_error', message: 'Request body too large.' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
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

function errorJson(err: StripeApiError, requestId: string): string {
  return JSON.stringify({ error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, null, 2);
}

export function createHttpServer(hooks: ServerHooks): Server {
  return createServer((req, res) => {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    handle(hooks, req, res, method, url)
      .catch((err: unknown) => {
        // Last line of defence: never crash, answer like Stripe's api_error.
        const requestId = `req_${randomId(14)}`;
        const status = err instanceof StripeApiError ? err.status : 500;
        const body =
          err instanceof StripeApiError
            ? errorJson(err, requestId)
            : JSON.stringify({ error: { type: 'api_error', message: `Internal emulator error: ${err instanceof Error ? err.message : String(err)}` } });
        if (!res.headersSent) sendJson(res, status, body, { 'Request-Id': requestId });
        else res.end();
        if (!(err instanceof StripeApiError)) hooks.log(`error ${method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      })
      .finally(() => hooks.log(`${method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`));
  });
}

async function handle(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
  const path = url.pathname;
  if (path.startsWith('/_emulator/')) return devControls(hooks, req, res, method, path);
  const pay = /^\/c\/pay\/([^/]+)\/?$/.exec(path);
  if (pay) {
    const id = decodeURIComponent(pay[1] ?? '');
    if (method === 'GET') return sendHtml(res, showCheckout(hooks.core(), id));
    if (method === 'POST') return sendHtml(res, submitCheckout(hooks.core(), id, parseForm(await readBody(req))));
    res.writeHead(405, { Allow: 'GET, POST' });
    res.end();
    return;
  }
  if (path.startsWith('/v1/')) return api(hooks, req, res, method, url);
  sendHtml(res, { status: 404, html: '<!doctype html><title>Not found</title><p>Not found. This is Local Stripe; the API lives under /v1.</p>' });
}

async function devControls(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
  const body = await readBody(req);
  const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : '';
  const result = handleDevControl(hooks, { method, path, body, contentType });
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

async function api(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse, method: string, url: URL): Promise<void> {
  const match = hooks.router.match(method, url.pathname);
  hooks.onApiRequest(routeKey(method, url.pathname, match?.route.pattern));
  const requestId = `req_${randomId(14)}`;
  const version = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : API_VERSION;
  const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': version };
  const raw = method === 'POST' ? await readBody(req) : url.search.slice(1);
  const reply = (status: number, body: string, extra: Record<string, string>): void => {
    sendJson(res, status, body, extra);
    hooks.onApiResult?.({ method, path: url.pathname, status, requestId, responseBody: body });
  };
  const idemHeader = req.headers['idempotency-key'];
  const idempotencyKey = method === 'POST' && typeof idemHeader === 'string' && idemHeader ? idemHeader : null;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  try {
    const apiKey = authenticate(req.headers.authorization);
    const core = hooks.core();
    const storeKey = idempotencyKey ? `${apiKey}:${idempotencyKey}` : null;
    if (storeKey) {
      const prior = core.state.idempotency[storeKey];
      if (prior && Date.now() - prior.createdAt < IDEMPOTENCY_TTL_MS) {
        if (prior.method !== method || prior.path !== url.pathname || prior.body !== raw) {
          throw new StripeApiError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          });
        }
        return reply(prior.status, prior.response, { ...headers, 'Idempotent-Replayed': 'true' });
      }
    }
    if (!match) throw routeNotFound(method, url.pathname);
    let status = 200;
    let body: string;
    try {
      const result = match.route.handler({
        method,
        path: url.pathname,
        params: parseForm(raw),
        pathParams: match.pathParams,
        ctx: { requestId, idempotencyKey },
      });
      body = JSON.stringify(result, null, 2);
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
      status = err.status;
      body = errorJson(err, requestId);
    }
    if (storeKey) {
      core.state.idempotency[storeKey] = { method, path: url.pathname, body: raw, status, response: body, createdAt: Date.now() };
      core.save();
    }
    reply(status, body, headers);
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    reply(err.status, errorJson(err, requestId), headers);
  }
}

export function pruneIdempotency(core: Core): void {
  const cutoff = Date.now() - IDEMPOTENCY_TTL_MS;
  for (const [k, v] of Object.entries(core.state.idempotency)) if (v.createdAt < cutoff) delete core.state.idempotency[k];
}
