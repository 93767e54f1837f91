import type { Clock } from '../../domain/clock';
import type { Logger } from '../../logger';
import type { OrderRepository } from '../../domain/orders/order-repository';
import type { FollowUpQueue, StoredFollowUp } from '../../domain/followups/follow-up-queue';
import { OUTBOUND_TIMEOUTS } from '../../security/outbound-timeouts';
import type { FulfilmentEventPayload } from '../../domain/fulfilment-handoff/events';
import { buildFulfilmentEvent } from '../../domain/fulfilment-handoff/payload';
import { SIGNATURE_HEADER, signatureHeader } from '../../domain/fulfilment-handoff/signature';

/** Where signed events go (FULFILMENT_WEBHOOK_URL / FULFILMENT_WEBHOOK_SECRET). */
export interface FulfilmentWebhookTarget {
  url: string;
  secret: string;
  /** Per-attempt deadline; OUTBOUND_TIMEOUTS.fulfilmentWebhookMs unless a test shortens it. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface FulfilmentDeliveryDeps {
  store: Pick<OrderRepository, 'getOrder'> & Pick<FollowUpQueue, 'saveFollowUpProgress'>;
  clock: Clock;
  logger: Logger;
  fulfilmentWebhook?: FulfilmentWebhookTarget | null;
}

/** The receiver did not take the event: the queue retries it with its backoff (and parks it after its last attempt). */
export class FulfilmentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FulfilmentDeliveryError';
  }
}

/**
 * The body is fixed at the first attempt and kept as the job's progress, so every retry sends the same bytes
 * (only the signature's timestamp changes) and a receiver sees one event however often it is delivered.
 */
async function bodyFor(deps: FulfilmentDeliveryDeps, job: StoredFollowUp, payload: FulfilmentEventPayload): Promise<string> {
  if (typeof job.progress.body === 'string') return job.progress.body;
  const order = await deps.store.getOrder(payload.orderId);
  if (!order) throw new FulfilmentDeliveryError(`order ${payload.orderId} is not in the store yet`);
  const body = JSON.stringify(buildFulfilmentEvent(payload, order));
  await deps.store.saveFollowUpProgress(job.key, { ...job.progress, body });
  return body;
}

/** Why a POST never got an answer, without the URL (it may carry a token): a timeout or the network error's code. */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error.message;
}

/** POSTs one signed event; anything but a 2xx in time is a failure for the queue to retry. */
export async function deliverFulfilmentEvent(deps: FulfilmentDeliveryDeps, job: StoredFollowUp & { payload: FulfilmentEventPayload }): Promise<void> {
  const target = deps.fulfilmentWebhook;
  // Kept, not dropped: a worker missing the setting must not lose events the web server queued for it.
  if (!target) throw new FulfilmentDeliveryError('FULFILMENT_WEBHOOK_URL is not configured in this worker');
  const body = await bodyFor(deps, job, job.payload);
  const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
  const send = target.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(target.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'HarvestTable-Fulfilment/1.0',
        [SIGNATURE_HEADER]: signatureHeader(body, target.secret, timestamp),
      },
      body,
      // A redirect is not an acknowledgement, and following one could send the event somewhere unintended.
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMs ?? OUTBOUND_TIMEOUTS.fulfilmentWebhookMs),
    });
  } catch (error) {
    throw new FulfilmentDeliveryError(`fulfilment receiver unreachable: ${failureReason(error)}`);
  }
  // Read and drop the body so the connection is freed; it is never logged.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) {
    throw new FulfilmentDeliveryError(`fulfilment receiver answered ${response.status}`);
  }
  deps.logger.info({ fulfilmentEvent: job.payload.eventId, type: job.payload.type, status: response.status }, 'fulfilment event delivered');
}
