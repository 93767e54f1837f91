import type Stripe from 'stripe';
import { API_VERSION, type Core } from '../core';
import { invalidParam, missingParam, notFound } from '../errors';
import { newId, randomId } from '../ids';
import type { ParamMap } from '../server/form';
import { newestFirst } from '../server/list';
import { applyMetadata, assertKnown, optBool, optString, optStringArray, reqString } from '../server/params';
import type { Route } from '../server/route';
import { isApiVersion } from '../webhooks/api-version';
import { isEventType } from '../webhooks/event-types';
import { readRoutes } from './read-routes';

function validUrl(url: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw invalidParam('url', `Invalid URL: ${url}`, 'url_invalid');
  return url;
}

export function newWebhookSecret(): string {
  return `whsec_${randomId(32)}`;
}

export function createWebhookEndpoint(
  core: Core,
  input: { url: string; enabledEvents: string[]; description: string | null; metadata: Record<string, string>; secret?: string; configured?: boolean; apiVersion?: string },
): Stripe.WebhookEndpoint {
  const secret = input.secret ?? newWebhookSecret();
  const endpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: input.apiVersion ?? API_VERSION,
    application: null,
    created: core.nowSeconds(),
    description: input.description,
    enabled_events: input.enabledEvents,
    livemode: false,
    metadata: input.metadata,
    status: 'enabled',
    url: validUrl(input.url),
  } satisfies Stripe.WebhookEndpoint;
  core.state.webhookEndpoints[endpoint.id] = { endpoint, secret, ...(input.configured ? { configured: true } : {}) };
  return endpoint;
}

/** The endpoint from StripeEmulatorOptions: created once, updated in place if url/secret changed. */
export function ensureConfiguredEndpoint(core: Core, cfg: { url: string; secret: string }): void {
  const existing = Object.values(core.state.webhookEndpoints).find((w) => w.configured);
  if (existing) {
    const endpoint: Stripe.WebhookEndpoint = { ...existing.endpoint, url: validUrl(cfg.url), status: 'enabled' };
    core.state.webhookEndpoints[endpoint.id] = { ...existing, secret: cfg.secret, endpoint };
    return;
  }
  createWebhookEndpoint(core, {
    url: cfg.url, enabledEvents: ['*'], description: 'Configured by Local Stripe at start', metadata: {}, secret: cfg.secret, configured: true,
  });
}

function enabledEvents(p: ParamMap, required: boolean): string[] | undefined {
  const events = optStringArray(p, 'enabled_events');
  if (!events || events.length === 0) {
    if (required) throw missingParam('enabled_events');
    return undefined;
  }
  events.forEach((name, i) => {
    if (!isEventType(name)) throw invalidParam(`enabled_events[${i}]`, `Invalid enabled_events[${i}]: must be one of Stripe's event types or '*' (got ${name}).`);
  });
  return events;
}

/** An endpoint's pinned API version (its events are rendered for it); default: the emulator's. */
function apiVersion(p: ParamMap): string {
  const v = optString(p, 'api_version');
  if (v === undefined) return API_VERSION;
  if (!isApiVersion(v)) throw invalidParam('api_version', `Invalid API version: ${v}`);
  return v;
}

function get(core: Core, id: string): Stripe.WebhookEndpoint {
  const w = core.state.webhookEndpoints[id];
  if (!w) throw notFound('webhook_endpoint', id);
  return w.endpoint;
}

export function webhookEndpointRoutes(core: Core): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/webhook_endpoints',
      handler: (req) => {
        const p = req.params;
        assertKnown(p, ['url', 'enabled_events', 'description', 'metadata', 'api_version', 'connect', 'expand']);
        const endpoint = createWebhookEndpoint(core, {
          url: reqString(p, 'url'),
          enabledEvents: enabledEvents(p, true) ?? [],
          description: optString(p, 'description') || null,
          metadata: applyMetadata({}, p),
          apiVersion: apiVersion(p),
        });
        // The secret is only ever returned on create, like Stripe.
        return { ...endpoint, secret: core.state.webhookEndpoints[endpoint.id]?.secret };
      },
    },
    {
      method: 'POST',
      pattern: '/v1/webhook_endpoints/:id',
      handler: (req) => {
        const existing = get(core, req.pathParams['id'] ?? '');
        const p = req.params;
        assertKnown(p, ['url', 'enabled_events', 'description', 'metadata', 'disabled', 'expand']);
        const disabled = optBool(p, 'disabled');
        const url = optString(p, 'url');
        const updated: Stripe.WebhookEndpoint = {
          ...existing,
          url: url ? validUrl(url) : existing.url,
          enabled_events: enabledEvents(p, false) ?? existing.enabled_events,
          description: p['description'] !== undefined ? optString(p, 'description') || null : existing.description,
          metadata: applyMetadata(existing.metadata, p),
          status: disabled === undefined ? existing.status : disabled ? 'disabled' : 'enabled',
        };
        const stored = core.state.webhookEndpoints[existing.id];
        if (stored) core.state.webhookEndpoints[existing.id] = { ...stored, endpoint: updated };
        return updated;
      },
    },
    ...readRoutes(core, {
      path: '/v1/webhook_endpoints',
      expand: false,
      retrieve: (id) => get(core, id),
      list: () => newestFirst(core.state.webhookEndpoints).map((w) => w.endpoint),
    }),
    {
      method: 'DELETE',
      pattern: '/v1/webhook_endpoints/:id',
      handler: (req) => {
        const existing = get(core, req.pathParams['id'] ?? '');
        delete core.state.webhookEndpoints[existing.id];
        for (const [id, d] of Object.entries(core.state.deliveries)) if (d.endpointId === existing.id) delete core.state.deliveries[id];
        return { id: existing.id, object: 'webhook_endpoint', deleted: true } satisfies Stripe.DeletedWebhookEndpoint;
      },
    },
  ];
}
