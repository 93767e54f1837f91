/**
 * The webhook and floor (a) measured in alternating rounds, each starting with an empty follow-up queue: on a
 * machine shared with other work the background load drifts over minutes, and interleaving exposes both
 * routes to the same drift, so their ratio means something even when absolute figures do not.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import type { LoadResult } from './load';
import { cpuMs } from './process-cpu';
import { summarize } from './stats';

export interface Measured {
  load: LoadResult;
  /** CPU the server process used during the run, or null where it cannot be read. */
  cpuMs: number | null;
}

/** Runs one load and reads the server's CPU time around it. */
export async function measured(pid: number | null, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = cpuMs(pid);
  const load = await run();
  const after = cpuMs(pid);
  return { load, cpuMs: before === null || after === null ? null : after - before };
}

/** Several runs of one measurement as one: requests and time add up, percentiles over every sample. */
export function combine(parts: readonly Measured[]): { load: LoadResult; cpuMsPerRequest: number | null } {
  const samples = parts.flatMap((part) => part.load.samples);
  const requests = parts.reduce((sum, part) => sum + part.load.requests, 0);
  const seconds = parts.reduce((sum, part) => sum + part.load.seconds, 0);
  const cpu = parts.every((part) => part.cpuMs !== null) ? parts.reduce((sum, part) => sum + (part.cpuMs ?? 0), 0) : null;
  return {
    load: {
      ...summarize(samples),
      requests,
      seconds,
      requestsPerSecond: seconds > 0 ? requests / seconds : 0,
      errors: parts.reduce((sum, part) => sum + part.load.errors, 0),
      samples,
    },
    cpuMsPerRequest: cpu === null || requests === 0 ? null : cpu / requests,
  };
}

/** Splits a sequence into `count` consecutive slices of nearly equal length (order kept, so re-deliveries stay after their originals). */
export function slices<T>(items: readonly T[], count: number): T[][] {
  return Array.from({ length: count }, (_, index) => items.slice(Math.round((index * items.length) / count), Math.round(((index + 1) * items.length) / count)));
}

/** Waits until the shop's follow-up queue has nothing pending, so a round does not pay for the one before. */
export async function waitForQuietQueue(dataDir: string, capMs = 5 * 60_000): Promise<void> {
  const db = new Database(path.join(dataDir, 'orders.sqlite'), { readonly: true });
  try {
    const pending = db.prepare(`SELECT COUNT(*) AS n FROM follow_ups WHERE status = 'pending'`);
    const cap = Date.now() + capMs;
    while ((pending.get() as { n: number }).n > 0) {
      if (Date.now() > cap) throw new Error(`follow-ups still pending after ${capMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    db.close();
  }
}
