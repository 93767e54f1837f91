import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { StateStore } from './store';
import { collectionsOf } from './tracked-state';
import { emptyState, type State } from './types';

/** What Local Stripe wrote before its state moved to SQLite: a snapshot plus journal generations. */
const SNAPSHOT = 'state.json';
const JOURNAL = /^journal-(\d+)\.ndjson$/;
const JOURNAL_KEY = '$journal';

export interface LegacyImport {
  /** The state read from state.json and its journals; null when the data dir has none. */
  state: State | null;
  /** Journal lines that could not be read (a torn last line after a crash). */
  badLines: number;
}

/** Copies `source[id]` records of the collections Local Stripe knows into null-prototype maps. */
function fill(target: State, source: Record<string, unknown>): void {
  for (const c of collectionsOf(target)) {
    const records = source[c];
    if (typeof records !== 'object' || records === null) continue;
    const map = target[c] as Record<string, unknown>;
    for (const [id, value] of Object.entries(records)) map[id] = value;
  }
}

/** Applies journal lines (`{"c":…,"id":…,"v":…}` or `{…,"d":1}`, whole records) in order; returns the unreadable count. */
function replay(state: State, text: string): number {
  const known = new Set<string>(collectionsOf(state));
  let bad = 0;
  for (const raw of text.split('\n')) {
    if (raw === '') continue;
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch {
      bad++;
      continue;
    }
    const l = line as { c?: unknown; id?: unknown; v?: unknown; d?: unknown };
    if (typeof l.c !== 'string' || typeof l.id !== 'string' || !known.has(l.c) || (l.d !== 1 && !('v' in l))) {
      bad++;
      continue;
    }
    const map = (state as unknown as Record<string, Record<string, unknown>>)[l.c];
    if (!map) continue;
    if (l.d === 1) delete map[l.id];
    else map[l.id] = l.v;
  }
  return bad;
}

/** Reads a pre-SQLite data dir without changing it: state.json, then journal-<gen>, <gen+1>, … while they exist. */
export function readLegacyState(dataDir: string): LegacyImport {
  const snapshot = join(dataDir, SNAPSHOT);
  if (!existsSync(snapshot)) return { state: null, badLines: 0 };
  const parsed = JSON.parse(readFileSync(snapshot, 'utf8')) as Record<string, unknown>;
  const state = emptyState();
  fill(state, parsed);
  const gen = parsed[JOURNAL_KEY];
  let badLines = 0;
  for (let g = typeof gen === 'number' && Number.isInteger(gen) && gen >= 0 ? gen : 0; existsSync(join(dataDir, `journal-${g}.ndjson`)); g++) {
    badLines += replay(state, readFileSync(join(dataDir, `journal-${g}.ndjson`), 'utf8'));
  }
  return { state, badLines };
}

/** Renames state.json and its journals with `suffix`, so they are read once and kept for the developer. */
export function retireLegacyFiles(dataDir: string, suffix: string): void {
  for (const name of readdirSync(dataDir)) {
    if (name === SNAPSHOT || JOURNAL.test(name)) renameSync(join(dataDir, name), join(dataDir, `${name}.${suffix}`));
  }
}

function blank(state: State): boolean {
  return collectionsOf(state).every((c) => Object.keys(state[c]).length === 0);
}

/**
 * The stored state. A data dir an older Local Stripe wrote (state.json + journals, before SQLite) is
 * imported into an empty database once, instead of re-seeding; its files are then renamed `.imported`
 * (or `.superseded` if the database already had state) and kept.
 */
export function loadWithLegacyImport(store: StateStore, dataDir: string | undefined, log: (line: string) => void): State {
  const current = store.load();
  if (!dataDir) return current;
  const legacy = readLegacyState(dataDir);
  if (!legacy.state) return current;
  if (!blank(current)) {
    retireLegacyFiles(dataDir, 'superseded');
    log(`Local Stripe: ${dataDir} has both SQLite state and an older state.json; kept SQLite, renamed state.json to state.json.superseded`);
    return current;
  }
  store.replaceAll(legacy.state);
  retireLegacyFiles(dataDir, 'imported');
  log(`Local Stripe: imported state.json from ${dataDir} into SQLite (${legacy.badLines} unreadable journal line(s) skipped)`);
  return store.load();
}
