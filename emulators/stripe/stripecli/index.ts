// `stripe listen` and `stripe logs tail` against Local Stripe, with the official CLI unchanged.
// The core reaches this folder through four hook points (see attachStripeCli's callers in ../index.ts):
// its routes, the websocket upgrade, every created event, and every finished API request.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type Stripe from 'stripe';
import type { Route } from '../server/route';
import { nodeTimers, type Timers } from './connection';
import type { CliDeliveryAttempt } from './attempt-log';
import { CliDeliveries } from './deliveries';
import type { ApiRequestRecord, StripeCliHost } from './host';
import { RequestLogTail } from './request-logs';
import { stripeCliRoutes } from './routes';
import { stripeCliSecret } from './secret';
import { SessionRegistry } from './sessions';
import { createCliSocketServer } from './websocket';

export type { ApiRequestRecord, StripeCliHost } from './host';

/** Stripe asks the CLI to redial about once a minute; 0 would mean the CLI's own default (60 s). */
const DEFAULT_RECONNECT_DELAY_S = 60;

export interface StripeCliOptions {
  host: StripeCliHost;
  apiVersion: string;
  /** Keeps the signing secret stable across restarts; in memory when undefined. */
  dataDir: string | undefined;
  apiBase: () => string;
  reconnectDelaySeconds?: number;
  timers?: Timers;
}

/** For tests and the dev launcher: what is connected, and a way to force the CLI to reconnect. */
export interface StripeCliControl {
  secret: string;
  status(): { openSockets: number; acceptedSockets: number; listeners: number; connected: number; queued: number };
  dropConnections(): void;
  /** What the local endpoint answered, through the CLI, to each delivery of an event. */
  deliveryAttempts(eventId: string): CliDeliveryAttempt[];
}

export interface StripeCliSupport {
  routes: Route[];
  onEvent(event: Stripe.Event): void;
  onApiRequest(record: ApiRequestRecord): void;
  /** For the HTTP server's 'upgrade' event; false when the request is not the CLI's websocket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  control: StripeCliControl;
  close(): void;
}

export function attachStripeCli(options: StripeCliOptions): StripeCliSupport {
  const secret = stripeCliSecret(options.dataDir);
  const sessions = new SessionRegistry();
  const deliveries = new CliDeliveries({ host: options.host, secret, apiVersion: options.apiVersion, timers: options.timers ?? nodeTimers });
  const logTail = new RequestLogTail();
  const sockets = createCliSocketServer({
    sessions,
    log: options.host.log,
    onOpen: (session, connection) => {
      if (session.feature === 'request_logs') logTail.add(connection, session.filters);
      else deliveries.connect(session.listenerKey, connection);
    },
    onMessage: (connection, message) => deliveries.handle(connection, message),
    onClose: (session, connection) => {
      if (session.feature === 'request_logs') logTail.remove(connection);
      else deliveries.disconnect(connection);
    },
  });
  return {
    routes: stripeCliRoutes({
      host: options.host,
      sessions,
      deliveries,
      secret,
      apiVersion: options.apiVersion,
      reconnectDelaySeconds: options.reconnectDelaySeconds ?? DEFAULT_RECONNECT_DELAY_S,
      apiBase: options.apiBase,
    }),
    onEvent: (event) => deliveries.eventCreated(event),
    onApiRequest: (record) => logTail.publish(record),
    upgrade: (req, socket, head) => sockets.upgrade(req, socket, head),
    control: {
      secret,
      status: () => ({ openSockets: sockets.openCount(), acceptedSockets: sockets.acceptedCount(), ...deliveries.status() }),
      dropConnections: () => sockets.dropAll(),
      deliveryAttempts: (eventId) => deliveries.attempts(eventId),
    },
    close: () => {
      deliveries.close();
      sockets.close();
    },
  };
}
