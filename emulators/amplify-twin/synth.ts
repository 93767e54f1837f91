import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every file under amplify/ that shapes the synthesized backend (sources, package.json, tsconfig). */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : sourceFiles(full);
      return [full];
    })
    .sort();
}

/** A hash of the amplify/ sources and the installed Amplify backend version: the synth cache key. */
export function backendHash(repoRoot: string): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles(path.join(repoRoot, 'amplify'))) {
    hash.update(path.relative(repoRoot, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  const backendPackage = path.join(repoRoot, 'node_modules', '@aws-amplify', 'backend', 'package.json');
  if (fs.existsSync(backendPackage)) hash.update((JSON.parse(fs.readFileSync(backendPackage, 'utf8')) as { version: string }).version);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The cloud assembly of `amplify/backend.ts`, synthesized offline (no AWS account) and cached under
 * `<cacheRoot>/<hash of amplify/>`, so a warm start skips the ~10–40 s synth.
 */
export async function synthesizeBackend(repoRoot: string, cacheRoot: string): Promise<{ outDir: string; cached: boolean }> {
  const outDir = path.join(cacheRoot, backendHash(repoRoot));
  if (fs.existsSync(path.join(outDir, 'manifest.json'))) return { outDir, cached: true };
  const building = `${outDir}.building-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(cacheRoot, { recursive: true });
  try {
    await run(process.execPath, [require.resolve('tsx/cli'), 'amplify/backend.ts'], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...process.env,
        CDK_OUTDIR: building,
        CDK_CONTEXT_JSON: JSON.stringify({ 'amplify-backend-namespace': 'shop', 'amplify-backend-name': 'twin', 'amplify-backend-type': 'sandbox' }),
        // The synth must never reach for an AWS account.
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: 'amplify-twin-offline-synth',
        // The twin's mail goes to the local mailbox, never SES; the synth still needs the worker's sender.
        SES_FROM_ADDRESS: 'orders@twin.example',
      },
    });
  } catch (error) {
    fs.rmSync(building, { recursive: true, force: true });
    const detail = error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).slice(-2000) : String(error);
    throw new Error(`Synthesizing amplify/backend.ts failed:\n${detail}`);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(building, outDir);
  return { outDir, cached: false };
}
