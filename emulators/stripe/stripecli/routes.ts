import { invalidRequest, notFound } from '../errors';
import { assertKnown, optBool, optString } from '../server/params';
import type { Route } from '../server/route';
import type { CliDeliveries } from './deliveries';
import type { StripeCliHost } from './host';
import { WEBSOCKET_PATH } from './protocol';
import type { SessionRegistry } from './sessions';

export interface RouteDeps {
  host: StripeCliHost;
  sessions: SessionRegistry;
  deliveries: CliDeliveries;
  secret: string;
  apiVersion: string;
  reconnectDelaySeconds: number;
  /** http://127.0.0.1:PORT, as the CLI reaches this server. */
  apiBase: () => string;
}

export function stripeCliRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/v1/stripecli/sessions',
      handler: (req) => {
        const session = deps.sessions.create(req.params);
        return {
          object: 'stripecli_session',
          // Used verbatim by the CLI, which appends `?websocket_feature=…`.
          websocket_url: `${deps.apiBase().replace(/^http/, 'ws')}${WEBSOCKET_PATH}`,
          websocket_id: session.id,
          websocket_authorized_feature: session.feature === 'request_logs' ? 'request-logs' : 'webhook-payloads',
          secret: deps.secret,
          reconnect_delay: deps.reconnectDelaySeconds,
          default_version: deps.apiVersion,
          latest_version: deps.apiVersion,
          display_connect_filter_warning: false,
          device_token: '',
        };
      },
    },
    {
      // `stripe events resend evt_…` sends `for_stripecli=true`: replay to the listening CLIs.
      method: 'POST',
      pattern: '/v1/events/:id/retry',
      handler: (req) => {
        const id = req.pathParams['id'] ?? '';
        assertKnown(req.params, ['for_stripecli', 'webhook_endpoint', 'account']);
        const event = deps.host.event(id);
        if (!event) throw notFound('event', id);
        if (optString(req.params, 'webhook_endpoint') !== undefined || optBool(req.params, 'for_stripecli') !== true) {
          throw invalidRequest('Local Stripe resends events to `stripe listen` only: pass for_stripecli=true.', 'for_stripecli');
        }
        if (deps.deliveries.resend(event) === 0) {
          throw invalidRequest('No `stripe listen` session is connected to resend this event to.');
        }
        return event;
      },
    },
  ];
}
