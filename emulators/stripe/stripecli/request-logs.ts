import { z } from 'zod';
import { newId, nowSeconds } from '../ids';
import type { CliConnection } from './connection';
import { requestLogFrame } from './frames';
import type { ApiRequestRecord } from './host';

/** `stripe logs tail --filter-…` as the CLI sends them (JSON in the session's `filters`). */
const logFilters = z.object({
  filter_account: z.array(z.string()).optional(),
  filter_ip_address: z.array(z.string()).optional(),
  filter_http_method: z.array(z.string()).optional(),
  filter_request_path: z.array(z.string()).optional(),
  filter_request_status: z.array(z.string()).optional(),
  filter_source: z.array(z.string()).optional(),
  filter_status_code: z.array(z.string()).optional(),
  /** Already converted by the CLI: `4XX` arrives as `400`. */
  filter_status_code_type: z.array(z.string()).optional(),
});

export type LogFilters = z.infer<typeof logFilters>;

/** Parses the `filters` form field; null when it is not valid filter JSON. */
export function parseLogFilters(raw: string | undefined): LogFilters | null {
  if (!raw) return {};
  try {
    const parsed = logFilters.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const anyOf = (values: string[] | undefined, test: (v: string) => boolean): boolean => !values?.length || values.some(test);

/** Whether a request passes the filters, as Stripe applies them server-side. */
export function matchesFilters(f: LogFilters, r: ApiRequestRecord): boolean {
  const succeeded = r.status >= 200 && r.status <= 202;
  return (
    anyOf(f.filter_http_method, (m) => m.toUpperCase() === r.method) &&
    anyOf(f.filter_request_path, (p) => p === r.path) &&
    anyOf(f.filter_status_code, (c) => Number(c) === r.status) &&
    anyOf(f.filter_status_code_type, (t) => Math.floor(Number(t) / 100) === Math.floor(r.status / 100)) &&
    anyOf(f.filter_request_status, (s) => (s.toUpperCase() === 'SUCCEEDED') === succeeded) &&
    // Every request here comes through the API, from this account, on loopback.
    anyOf(f.filter_source, (s) => s.toUpperCase() === 'API') &&
    anyOf(f.filter_account, (a) => a === 'self') &&
    anyOf(f.filter_ip_address, (ip) => ip === '127.0.0.1' || ip === '::1')
  );
}

/** Open `stripe logs tail` connections; each finished API request goes to those whose filters match. */
export class RequestLogTail {
  private readonly tails = new Map<CliConnection, LogFilters>();

  add(connection: CliConnection, filters: LogFilters): void {
    this.tails.set(connection, filters);
  }

  remove(connection: CliConnection): void {
    this.tails.delete(connection);
  }

  publish(record: ApiRequestRecord): void {
    // The CLI hides its own session calls anyway.
    if (record.path === '/v1/stripecli/sessions') return;
    for (const [connection, filters] of this.tails) {
      if (matchesFilters(filters, record)) connection.send(requestLogFrame(record, newId('resp'), nowSeconds()));
    }
  }
}
