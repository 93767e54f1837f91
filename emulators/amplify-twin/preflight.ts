import { spawnSync } from 'node:child_process';
import net from 'node:net';

/** Why the twin cannot start, said so a person knows what to install or stop. */
export class TwinStartError extends Error {
  override name = 'TwinStartError';
}

/** DynamoDB Local is a Java program: the twin needs a Java 17+ runtime on PATH (or JAVA_HOME). */
export function findJava(env: Record<string, string | undefined> = process.env): string {
  const candidates = [env.JAVA_HOME ? `${env.JAVA_HOME}/bin/java` : null, 'java'].filter((candidate): candidate is string => candidate !== null);
  for (const java of candidates) {
    const probe = spawnSync(java, ['-version'], { encoding: 'utf8', env: env as NodeJS.ProcessEnv });
    if (probe.error || probe.status !== 0) continue;
    const version = /version "(\d+)/.exec(probe.stderr)?.[1];
    if (version && Number(version) >= 17) return java;
    throw new TwinStartError(`DynamoDB Local needs Java 17 or newer; ${java} is Java ${version ?? 'of an unknown version'}. On Debian: apt-get install openjdk-17-jre-headless`);
  }
  throw new TwinStartError('The Amplify twin needs a Java 17 runtime for DynamoDB Local and found none (no `java` on PATH, no JAVA_HOME). On Debian: apt-get install openjdk-17-jre-headless');
}

/** Fails with the port and the piece that wanted it when something else already listens there. */
export async function assertPortFree(port: number, piece: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new TwinStartError(`Port ${port} (for ${piece}) is already in use. Stop what listens there or choose another port.`)
          : error,
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** Polls until `ready()` resolves true, the process died, or the safety cap passes. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, options: { died?: () => string | null; capMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.capMs ?? 60_000);
  while (Date.now() < deadline) {
    const death = options.died?.();
    if (death) throw new TwinStartError(`${what} stopped before it was ready: ${death}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new TwinStartError(`${what} was not ready within ${(options.capMs ?? 60_000) / 1000} s.`);
}
