import autocannon, { type AutocannonRequest } from 'autocannon';
import { summarize, type LatencySummary } from './stats';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; or a fixed number of requests with `amount`. */
  durationSeconds?: number;
  amount?: number;
  /** Offered load in requests/s across all connections; unset = as fast as the server answers. */
  ratePerSecond?: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request (body, headers) in turn, shared by every connection. */
  nextRequest?: () => { body: string; headers: Record<string, string> };
}

export interface LoadResult extends LatencySummary {
  requestsPerSecond: number;
  requests: number;
  /** Socket errors, timeouts and non-2xx answers. */
  errors: number;
  seconds: number;
  /** Raw latencies (ms), for the chart. */
  samples: number[];
}

/** One autocannon run; latency percentiles come from every response, not autocannon's histogram buckets. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: number[] = [];
  const request: AutocannonRequest = { method: options.method ?? 'GET', headers: options.headers };
  const { nextRequest } = options;
  if (nextRequest) {
    request.setupRequest = (current) => {
      const next = nextRequest();
      return { ...current, body: next.body, headers: { ...current.headers, ...next.headers } };
    };
  }
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        // autocannon rejects keys that are present but undefined.
        ...(options.amount === undefined ? { duration: options.durationSeconds ?? 5 } : { amount: options.amount }),
        ...(options.ratePerSecond === undefined ? {} : { overallRate: options.ratePerSecond }),
        timeout: 10,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = result.duration;
        resolve({
          ...summarize(samples),
          requestsPerSecond: result.requests.total / seconds,
          requests: result.requests.total,
          errors: result.errors + result.timeouts + result.non2xx,
          seconds,
          samples,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => samples.push(responseTimeMs));
  });
}
