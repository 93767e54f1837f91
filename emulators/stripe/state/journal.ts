import type { State } from './types';

/**
 * The journal: one JSON line per changed record, `{"c":"sessions","id":"cs_…","v":{…}}`, or
 * `{"c":…,"id":…,"d":1}` for a delete. Each line holds the record's whole value, so replaying a
 * line twice (or over a snapshot that already has it) is harmless.
 */
export interface JournalLine {
  c: string;
  id: string;
  v?: unknown;
  d?: 1;
}

export function encodeLine(c: string, id: string, value: unknown): string {
  return value === undefined ? `${JSON.stringify({ c, id, d: 1 })}\n` : `{"c":${JSON.stringify(c)},"id":${JSON.stringify(id)},"v":${JSON.stringify(value)}}\n`;
}

function isLine(x: unknown): x is JournalLine {
  if (typeof x !== 'object' || x === null) return false;
  const l = x as Record<string, unknown>;
  return typeof l['c'] === 'string' && typeof l['id'] === 'string' && (l['d'] === 1 || 'v' in l) && l['c'] !== 'version';
}

/**
 * Applies journal text to `state` in order; returns how many lines were unreadable. A crash can leave
 * a partial last line (appends are never concurrent, so only the last can be torn): it is skipped.
 */
export function replayJournal(state: State, text: string): number {
  const maps = state as unknown as Record<string, Record<string, unknown> | undefined>;
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
    if (!isLine(line)) {
      bad++;
      continue;
    }
    const map = (maps[line.c] ??= {});
    if (line.d === 1) delete map[line.id];
    else map[line.id] = line.v;
  }
  return bad;
}
