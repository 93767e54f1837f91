import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm test` runs dependency-cruiser with .dependency-cruiser.cjs. This runs the same command on a copy of
 * lib/ and common/ — once as it is, once with deliberately bad imports — so a broken boundary is shown to fail.
 * The bad imports go into files found by name, so the test holds whichever folder a file lives in.
 */
const run = promisify(execFile);
const repo = process.cwd();
const depcruise = path.join(repo, 'node_modules', '.bin', 'depcruise');

let copy: string;

function findFile(root: string, name: string): string {
  for (const entry of fs.readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`${name} not found under ${root}`);
}

/** The import specifier from one file of the copy to another, as the code would write it. */
function specifier(from: string, to: string): string {
  const relative = path.relative(path.dirname(from), to).replace(/\.ts$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await run(depcruise, ['--config', path.join(repo, '.dependency-cruiser.cjs'), '--output-type', 'err', 'lib', 'common', 'emulators'], { cwd });
    return { code: 0, output: stripVTControlCharacters(stdout) };
  } catch (error) {
    // Under `npm test` colours are forced on (FORCE_COLOR), and the reporter then wraps paths in escape codes.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: stripVTControlCharacters(`${failed.stdout ?? ''}${failed.stderr ?? ''}`) };
  }
}

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  for (const folder of ['lib', 'common']) fs.cpSync(path.join(repo, folder), path.join(copy, folder), { recursive: true });
  fs.mkdirSync(path.join(copy, 'emulators'));
  fs.copyFileSync(path.join(repo, 'tsconfig.json'), path.join(copy, 'tsconfig.json'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

describe('the boundary check', () => {
  it('passes the tree as it is, and fails on a domain SDK import, a reach for the composition root and an emulator using lib/', async () => {
    const clean = await cruise(copy);
    expect(clean.output).toContain('no dependency violations found');
    expect(clean.code).toBe(0);

    const orderState = findFile(path.join(copy, 'lib'), 'order-state.ts');
    fs.appendFileSync(orderState, "\nimport type Stripe from 'stripe';\nexport type BoundaryProbe = Stripe.Event;\n");
    const money = findFile(path.join(copy, 'lib'), 'money.ts');
    const composition = findFile(path.join(copy, 'lib'), 'composition.ts');
    fs.appendFileSync(money, `\nimport { getServices } from '${specifier(money, composition)}';\nexport const boundaryProbe = getServices;\n`);
    const emulator = path.join(copy, 'emulators', 'probe.ts');
    fs.writeFileSync(emulator, `import { formatMoney } from '${specifier(emulator, money)}';\nexport const probe = formatMoney;\n`);

    const broken = await cruise(copy);
    expect(broken.code).not.toBe(0);
    const relative = (file: string) => path.relative(copy, file);
    expect(broken.output).toMatch(new RegExp(`domain-imports-no-packages: ${relative(orderState)} → .*node_modules/stripe/`));
    expect(broken.output).toContain(`composition-root-only-from-entry-points: ${relative(money)} → ${relative(composition)}`);
    expect(broken.output).toContain(`emulators-import-no-lib: emulators/probe.ts → ${relative(money)}`);
    expect(broken.output).toContain('no-circular');
    // Two whole cruises on a busy machine: a generous cap, only as a safety net.
  }, 180_000);
});
