/** How long one reconcile call may take before the scheduler gives up (the next run continues from the cursor). */
const CALL_TIMEOUT_MS = 110_000;

export interface ScheduleEnv {
  SHOP_URL?: string;
  RECONCILE_SECRET?: string;
}

export type ScheduleResult = { ran: true; status: number; report: unknown } | { ran: false; reason: string };

/** One scheduled call of POST /api/reconcile. Throws on a refusal or failure so the invocation shows as failed. */
export async function runScheduledReconcile(env: ScheduleEnv, fetchImpl: typeof fetch = fetch, timeoutMs = CALL_TIMEOUT_MS): Promise<ScheduleResult> {
  if (!env.SHOP_URL || !env.RECONCILE_SECRET) return { ran: false, reason: 'SHOP_URL or RECONCILE_SECRET is not set' };
  const response = await fetchImpl(new URL('/api/reconcile', env.SHOP_URL), {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.RECONCILE_SECRET}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const report: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`POST /api/reconcile answered ${response.status}`);
  return { ran: true, status: response.status, report };
}

export const handler = async (): Promise<ScheduleResult> => {
  const result = await runScheduledReconcile({ SHOP_URL: process.env.SHOP_URL, RECONCILE_SECRET: process.env.RECONCILE_SECRET });
  console.log(JSON.stringify(result));
  return result;
};
