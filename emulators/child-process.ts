import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Sends `signal` to the child's whole process group when it leads one (so grandchildren such as next-server go too). */
function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Not a group leader (spawned without `detached`), or already gone: signal the child alone.
    child.kill(signal);
  }
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Starts a child in its own process group, so stopping it also stops whatever it started. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return spawn(command, args, { ...options, detached: true });
}

/** Asks a child (and its group) to stop with SIGTERM, and kills it if it has not exited within the grace period. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (exited(child)) {
    // The leader is gone, but a grandchild may still hold a port.
    signalTree(child, 'SIGKILL');
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const force = setTimeout(() => signalTree(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      signalTree(child, 'SIGKILL'); // leftovers of the group, if any
      resolve();
    });
    signalTree(child, 'SIGTERM');
  });
}

export interface ChildExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** "Local Stripe exited with code 1" / "next was killed by SIGKILL". */
export function describeExit(exit: ChildExit): string {
  if (exit.signal) return `${exit.name} was killed by ${exit.signal}`;
  return `${exit.name} exited with code ${exit.code ?? 'unknown'}`;
}

/**
 * Watches named children: the first one to exit on its own is reported (once) through `onFailure`,
 * and `stopAll` stops every child that is still running, together with its process group.
 */
export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;
  private failed = false;

  constructor(private readonly onFailure: (exit: ChildExit) => void) {}

  add(name: string, child: ChildProcess): void {
    this.children.set(name, child);
    child.once('exit', (code, signal) => {
      if (this.stopping || this.failed) return;
      this.failed = true;
      this.onFailure({ name, code, signal });
    });
  }

  async stopAll(graceMs = 5000): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.children.values()].map((child) => stopChild(child, graceMs)));
  }

  /** Last resort when the launcher itself is exiting: no child (or grandchild) may outlive it. */
  killAllNow(): void {
    this.stopping = true;
    for (const child of this.children.values()) signalTree(child, 'SIGKILL');
  }
}

/**
 * Resolves with the first match of `ready` (a multiline pattern) in what the child prints on stdout; rejects if
 * it exits first. For children that announce readiness with a line rather than a port that answers.
 */
export function waitForOutput(child: ChildProcess, ready: RegExp, name: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const onData = (chunk: Buffer): void => {
      printed += chunk.toString();
      const match = ready.exec(printed);
      if (!match) return;
      cleanUp();
      resolve(match);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanUp();
      reject(new Error(`${describeExit({ name, code, signal })} before it was ready`));
    };
    const cleanUp = (): void => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}
