import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface FirstLoadJs {
  route: string;
  /** Gzipped bytes, or null when the build has no such route. */
  gzipBytes: number | null;
  files: number;
}

const MANIFEST_ASSIGNMENT = /__RSC_MANIFEST\[[^\]]+\]\s*=\s*(\{.*\});?\s*$/s;

interface ClientReferenceManifest {
  entryJSFiles?: Record<string, string[]>;
}

function routeDir(route: string): string {
  return route === '/' ? '' : route.replace(/^\//, '');
}

/** Keys of the root layout, every layout on the route's path, and the route's page. */
function belongsToRoute(entry: string, route: string): boolean {
  const match = /^\[project\]\/app\/(.*)$/.exec(entry);
  if (!match?.[1]) return false;
  const file = match[1].replace(/\([^)]*\)\//g, ''); // route groups do not appear in URLs
  const segments = routeDir(route);
  if (file === (segments ? `${segments}/page` : 'page')) return true;
  if (!file.endsWith('layout')) return false;
  const layoutDir = file.slice(0, -'layout'.length).replace(/\/$/, '');
  return layoutDir === '' || segments === layoutDir || segments.startsWith(`${layoutDir}/`);
}

/**
 * The JavaScript a browser downloads on a first visit to `route`, from the build output: the root
 * main files every App Router page loads (build-manifest.json `rootMainFiles`) plus the chunks of
 * the route's layouts and page (its client reference manifest's `entryJSFiles`), each gzipped.
 */
export function firstLoadJs(nextDir: string, route: string): FirstLoadJs {
  const appDir = path.join(nextDir, 'server', 'app');
  const candidates = fs.existsSync(appDir)
    ? findManifests(appDir).filter((file) => manifestRoute(appDir, file) === route)
    : [];
  const manifestFile = candidates[0];
  if (!manifestFile) return { route, gzipBytes: null, files: 0 };

  const buildManifest = JSON.parse(fs.readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  const source = fs.readFileSync(manifestFile, 'utf8');
  const json = MANIFEST_ASSIGNMENT.exec(source)?.[1];
  const manifest = json ? (JSON.parse(json) as ClientReferenceManifest) : {};
  const files = new Set(buildManifest.rootMainFiles ?? []);
  for (const [entry, chunks] of Object.entries(manifest.entryJSFiles ?? {})) {
    if (belongsToRoute(entry, route)) chunks.forEach((chunk) => files.add(chunk));
  }
  let gzipBytes = 0;
  for (const file of files) gzipBytes += zlib.gzipSync(fs.readFileSync(path.join(nextDir, file))).length;
  return { route, gzipBytes, files: files.size };
}

function findManifests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name === 'page_client-reference-manifest.js')
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `.next/server/app/(bench)/bench/empty/page_client-reference-manifest.js` → `/bench/empty`. */
function manifestRoute(appDir: string, file: string): string {
  const relative = path.relative(appDir, path.dirname(file)).split(path.sep).filter((part) => !/^\(.*\)$/.test(part));
  return `/${relative.join('/')}`;
}
