// The wire format of the Stripe CLI's `stripecli-devproxy-v1` websocket (stripe/stripe-cli pkg/websocket).
import { z } from 'zod';

export const SUBPROTOCOL = 'stripecli-devproxy-v1';

/** The websocket path handed to the CLI in `websocket_url` (the CLI appends `?websocket_feature=…`). */
export const WEBSOCKET_PATH = '/v1/stripecli/websocket';

/** Server → CLI: one webhook event, already signed for the session's secret. */
export interface WebhookEventFrame {
  type: 'webhook_event';
  webhook_id: string;
  webhook_conversation_id: string;
  event_payload: string;
  http_headers: Record<string, string>;
  /** null: formatted for the default API version; a version string: the `--latest` copy. */
  endpoint: { api_version: string | null };
}

/** Server → CLI: one API request, for `stripe logs tail`. */
export interface RequestLogFrame {
  type: 'request_log_event';
  request_log_id: string;
  event_payload: string;
}

export type ServerFrame = WebhookEventFrame | RequestLogFrame;

const eventAck = z.object({
  type: z.literal('event_ack'),
  event_id: z.string(),
  webhook_id: z.string(),
  webhook_conversation_id: z.string(),
});

const webhookResponse = z.object({
  type: z.literal('webhook_response'),
  webhook_id: z.string(),
  webhook_conversation_id: z.string().optional(),
  status: z.number().int(),
  forward_url: z.string().optional(),
  body: z.string().optional(),
});

const cliMessage = z.discriminatedUnion('type', [eventAck, webhookResponse]);

export type CliMessage = z.infer<typeof cliMessage>;

/** Parses a text frame from the CLI; anything else (malformed, unknown type) is null and ignored. */
export function parseCliMessage(data: string): CliMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = cliMessage.safeParse(json);
  return parsed.success ? parsed.data : null;
}
