import { invalidParam } from '../errors';
import { newId } from '../ids';
import type { ParamMap } from '../server/form';
import { assertKnown, optString, optStringArray } from '../server/params';
import { parseLogFilters, type LogFilters } from './request-logs';

export type SessionFeature = 'webhooks' | 'request_logs';

/** One `POST /v1/stripecli/sessions`: a `stripe listen` or `stripe logs tail` process. */
export interface CliSession {
  id: string;
  feature: SessionFeature;
  /** Webhook sessions: device and forwarding URLs, so a restarted CLI finds its queue again. */
  listenerKey: string;
  filters: LogFilters;
}

const FEATURES = ['webhooks', 'v2_events', 'request_logs'] as const;
/** Sessions that never connect (`--print-secret`) are forgotten first. */
const MAX_SESSIONS = 500;

export class SessionRegistry {
  private readonly sessions = new Map<string, CliSession>();

  create(params: ParamMap): CliSession {
    assertKnown(params, [
      'device_name', 'websocket_features', 'forward_to_url', 'forward_connect_to_url',
      'forward_thin_to_url', 'forward_thin_connect_to_url', 'filters',
    ]);
    const features = optStringArray(params, 'websocket_features') ?? ['webhooks'];
    for (const f of features) {
      if (!(FEATURES as readonly string[]).includes(f)) throw invalidParam('websocket_features', `Invalid websocket feature: ${f}`);
    }
    const filters = parseLogFilters(optString(params, 'filters'));
    if (!filters) throw invalidParam('filters', 'Invalid filters: expected the JSON object the Stripe CLI sends.');
    const session: CliSession = {
      id: newId('cliws'),
      feature: features.includes('request_logs') ? 'request_logs' : 'webhooks',
      listenerKey: [
        optString(params, 'device_name') ?? '',
        optString(params, 'forward_to_url') ?? '',
        optString(params, 'forward_connect_to_url') ?? '',
      ].join('\n'),
      filters,
    };
    this.sessions.set(session.id, session);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }

  /** The session, moved to the back of the eviction order (it is in use). */
  use(id: string): CliSession | undefined {
    const session = this.sessions.get(id);
    if (session) {
      this.sessions.delete(id);
      this.sessions.set(id, session);
    }
    return session;
  }
}
