import type Stripe from 'stripe';
import { signatureHeader } from '../webhooks/signature';
import type { ApiRequestRecord } from './host';
import type { RequestLogFrame, WebhookEventFrame } from './protocol';

export interface FrameIds {
  webhookId: string;
  conversationId: string;
}

/**
 * A `webhook_event` frame, signed now with the session secret: the CLI forwards the payload byte for
 * byte with these headers and signs nothing itself, so every (re)send carries a fresh timestamp.
 */
export function webhookEventFrame(
  event: Stripe.Event,
  ids: FrameIds,
  secret: string,
  apiVersion: string | null,
  nowSeconds: number,
): WebhookEventFrame {
  // Pretty-printed like Stripe's own deliveries.
  const payload = JSON.stringify(event, null, 2);
  return {
    type: 'webhook_event',
    webhook_id: ids.webhookId,
    webhook_conversation_id: ids.conversationId,
    event_payload: payload,
    http_headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Cache-Control': 'no-cache',
      Accept: '*/*; q=0.5, application/xml',
      'Stripe-Signature': signatureHeader(payload, secret, nowSeconds),
    },
    endpoint: { api_version: apiVersion },
  };
}

/** A `request_log_event` frame in the shape `stripe logs tail` prints (pkg/logtailing EventPayload). */
export function requestLogFrame(record: ApiRequestRecord, requestLogId: string, nowSeconds: number): RequestLogFrame {
  const payload = {
    created_at: nowSeconds,
    livemode: false,
    method: record.method,
    request_id: record.requestId,
    status: record.status,
    url: record.path,
    ...(record.status >= 400 ? { error: errorOf(record.responseBody) } : {}),
  };
  return { type: 'request_log_event', request_log_id: requestLogId, event_payload: JSON.stringify(payload) };
}

/** The `error` object of a Stripe error body, or an empty one. */
function errorOf(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
    return typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
