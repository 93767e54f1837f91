/**
 * Some npm registry mirrors do not carry every platform build of packages such as @next/swc-* or
 * @stripe/cli-*. `npm install` then writes a lockfile without entries for those optional packages, and
 * `npm ci` refuses it ("Missing: … from lock file"). This adds the missing entries (version, optional,
 * os/cpu) exactly as a lockfile written against the full registry has them; npm ci skips them on
 * other platforms. Run it after changing dependencies: `node scripts/fix-lockfile.mjs`.
 *
 * (The bundled dependencies of @aws-amplify/data-construct and graphql-api-construct need no repair here:
 * package.json's overrides state the versions their tarballs bundle, so `npm install` keeps the lockfile and
 * `npm ci` accepts it; tests/unit/lockfile-overrides.test.ts checks the two agree.)
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';

const OSES = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 's390x', 'riscv64', 'mips64el', 'wasm32'];

function missingFromLock() {
  try {
    execSync('npm ci --dry-run --ignore-scripts', { stdio: 'pipe' });
    return [];
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    return [...output.matchAll(/Missing: (.+?)@\S* from lock file/g)].map((match) => match[1]);
  }
}

function platformOf(name) {
  const lower = name.toLowerCase();
  const os = OSES.filter((candidate) => lower.includes(candidate));
  const cpu = CPUS.find((candidate) => new RegExp(`[-_]${candidate}([-_]|$)`).test(lower));
  return { ...(os.length ? { os } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const name of missingFromLock()) {
  const parent = Object.values(lock.packages).find((entry) => entry.optionalDependencies?.[name]);
  const key = `node_modules/${name}`;
  if (!parent || lock.packages[key]) continue;
  lock.packages[key] = { version: parent.optionalDependencies[name].replace(/^[\^~=]/, ''), optional: true, ...platformOf(name) };
  added++;
}
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entries; npm ci ${missingFromLock().length === 0 ? 'accepts' : 'still refuses'} it.`);
