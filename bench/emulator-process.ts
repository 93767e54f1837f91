import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stopChild, waitForOutput } from '../emulators/child-process';
import { cpuMs } from './process-cpu';

/** A Local Stripe running in its own process (bench/emulator-host.ts), with that process's CPU counter. */
export interface EmulatorProcess {
  url: string;
  pid: number;
  /** User + system CPU the emulator process has used so far, in ms (all its threads, GC included). */
  cpuMs(): number;
  /** Resolves once the process has stopped using CPU, so its deferred work does not land in the next measurement. */
  idle(): Promise<IdleWait>;
  stop(): Promise<void>;
}

export interface IdleWait {
  waitedMs: number;
  /** False when it was still busy after the cap: a background timer that never rests, or outside load. */
  settled: boolean;
}

/** Poll period, and how many quiet polls in a row count as idle: its own work is then no longer pending. */
const IDLE_POLL_MS = 50;
const QUIET_POLLS = 2;
const IDLE_CAP_MS = 10_000;

/**
 * Waits until the CPU counter stops moving for QUIET_POLLS polls in a row. /proc counts in clock ticks
 * (10 ms), so a quiet poll means under one tick of work in it: a debounced journal append, a compaction
 * slice or a GC would each move it.
 */
export async function waitIdle(read: () => number, pollMs = IDLE_POLL_MS, quietPolls = QUIET_POLLS, capMs = IDLE_CAP_MS): Promise<IdleWait> {
  const started = performance.now();
  let quiet = 0;
  let last = read();
  while (quiet < quietPolls) {
    if (performance.now() - started >= capMs) return { waitedMs: performance.now() - started, settled: false };
    await sleep(pollMs);
    const now = read();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return { waitedMs: performance.now() - started, settled: true };
}

/**
 * Starts `modulePath`'s emulator in a child process on `port` (0: any free port) with a fresh data dir;
 * `nodeArgs` go to its node (e.g. --cpu-prof).
 */
export async function startEmulatorProcess(modulePath: string, port: number, nodeArgs: readonly string[] = []): Promise<EmulatorProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-micro-'));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(__dirname, 'emulator-host.ts'), modulePath, String(port), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group, so stopChild also stops anything it started
  });
  const cleanUp = async (): Promise<void> => {
    await stopChild(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let url: string;
  try {
    url = (await waitForOutput(child, /^ready (\S+)$/m, 'emulator host'))[1]!;
  } catch (e) {
    await cleanUp();
    throw e;
  }
  child.stdout?.resume(); // keep draining, so a chatty emulator never blocks on a full pipe
  const pid = child.pid ?? NaN;
  const read = (): number => {
    const ms = cpuMs(pid);
    if (ms === null) throw new Error(`cannot read /proc/${pid}/stat (Linux only)`);
    return ms;
  };
  return { url, pid, cpuMs: read, idle: () => waitIdle(read), stop: cleanUp };
}
