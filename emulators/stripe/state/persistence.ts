import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { appendFile, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeLine, replayJournal } from './journal';
import { parseSnapshot, snapshotPieces } from './snapshot';
import { emptyState, type State } from './types';

const SNAPSHOT = 'state.json';
const JOURNAL = /^journal-(\d+)\.ndjson$/;
const TEMP = /^state\.json\..*\.tmp$/;
const journalFile = (gen: number): string => `journal-${gen}.ndjson`;

export interface PersistenceOptions {
  /** How long changes gather before they are appended to the journal (the durability window). */
  debounceMs?: number;
  /** The journal is folded into a new snapshot once it exceeds max(this, the snapshot's size). */
  compactMinBytes?: number;
  /** How long one slice of a background compaction may hold the event loop. */
  sliceMs?: number;
}

export interface StateFiles {
  state: State;
  /** Generation of the snapshot's journal (journal-<gen>.ndjson continues state.json). */
  snapshotGen: number;
  /** Journal generations replayed, in order. */
  replayed: number[];
  /** Unreadable journal lines skipped (a torn last line after a crash). */
  badLines: number;
}

/** Reads a data dir without changing it: state.json, then journal-<gen>, <gen+1>, … while they exist. */
export function readStateFiles(dataDir: string): StateFiles {
  const snap = join(dataDir, SNAPSHOT);
  const { state, journalGen } = existsSync(snap) ? parseSnapshot(readFileSync(snap, 'utf8'), emptyState()) : { state: emptyState(), journalGen: 0 };
  const replayed: number[] = [];
  let badLines = 0;
  for (let gen = journalGen; existsSync(join(dataDir, journalFile(gen))); gen++) {
    badLines += replayJournal(state, readFileSync(join(dataDir, journalFile(gen)), 'utf8'));
    replayed.push(gen);
  }
  return { state, snapshotGen: journalGen, replayed, badLines };
}

/** Deletes a data dir's snapshot, journals and leftover temp files (`--reset`). */
export function removeStateFiles(dataDir: string, keepJournal?: number): void {
  if (!existsSync(dataDir)) return;
  for (const name of readdirSync(dataDir)) {
    const j = JOURNAL.exec(name);
    const isState = keepJournal === undefined && name === SNAPSHOT;
    if (isState || TEMP.test(name) || (j && Number(j[1]) !== keepJournal)) rmSync(join(dataDir, name), { force: true });
  }
}

/**
 * Local Stripe's state on disk: a snapshot (state.json) plus an append-only journal of changed records.
 *
 * - Every change marks its record dirty (trackState); after `debounceMs` the dirty records' current
 *   values are appended to the journal with one async append — never more than one in flight — so a
 *   request costs O(records it changed), not O(state), and the event loop never waits on the disk.
 * - The journal is compacted into a new snapshot at start (if a journal was replayed), at close, after
 *   a reset, and in the background once it outgrows the snapshot. Background compaction serialises a
 *   slice at a time and is fuzzy: appends continue to the next journal generation meanwhile, and
 *   replaying that journal over the snapshot yields the latest values (lines hold whole records).
 * - Crash safety: snapshots are written to a temp file and renamed; the snapshot names the journal
 *   generation that continues it; a torn last journal line is skipped at load.
 *
 * Durability: after a process crash, every change made more than `debounceMs` (+ the time of one small
 * append) before it is on disk; `close()` persists everything. Power loss is not covered (no fsync).
 */
export class Persistence {
  private readonly dir: string | null;
  private readonly debounceMs: number;
  private readonly compactMinBytes: number;
  private readonly sliceMs: number;
  private readonly dirty = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private gen = 0;
  /** Bumped by every synchronous compaction: a background one that sees it change gives up. */
  private epoch = 0;
  private journalBytes = 0;
  private snapshotBytes = 0;
  private failed = false;
  private closed = false;

  constructor(
    dataDir: string | undefined,
    private readonly getState: () => State,
    options: PersistenceOptions = {},
  ) {
    this.dir = dataDir ?? null;
    this.debounceMs = options.debounceMs ?? 50;
    this.compactMinBytes = options.compactMinBytes ?? 8 * 1024 * 1024;
    this.sliceMs = options.sliceMs ?? 8;
  }

  load(): State {
    if (!this.dir) return emptyState();
    mkdirSync(this.dir, { recursive: true });
    const files = readStateFiles(this.dir);
    if (files.badLines > 0) console.warn(`Local Stripe: skipped ${files.badLines} unreadable journal line(s) in ${this.dir}`);
    this.gen = files.replayed.at(-1) ?? files.snapshotGen;
    if (files.replayed.length > 0) {
      this.compactSync(files.state);
    } else {
      removeStateFiles(this.dir, this.gen);
      this.snapshotBytes = existsSync(join(this.dir, SNAPSHOT)) ? statSync(join(this.dir, SNAPSHOT)).size : 0;
    }
    return files.state;
  }

  /** A record was written or deleted (called by trackState). */
  changed(collection: string, id: string): void {
    if (!this.dir || this.closed) return;
    let ids = this.dirty.get(collection);
    if (!ids) this.dirty.set(collection, (ids = new Set()));
    ids.add(id);
    this.schedule();
  }

  /** Arms the debounce timer if anything is waiting to be written. */
  schedule(): void {
    if (!this.dir || this.closed || this.timer || this.draining || (this.dirty.size === 0 && !this.failed)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.drain();
    }, this.failed ? 1000 : this.debounceMs);
    this.timer.unref();
  }

  /** Writes a full snapshot now, synchronously (after a reset: the whole state was replaced). */
  flush(): void {
    if (!this.dir) return;
    this.cancelTimer();
    this.compactSync(this.getState());
  }

  /** Waits for pending writes, then compacts: everything is in state.json and the journal is empty. */
  async close(): Promise<void> {
    if (!this.dir || this.closed) return;
    this.closed = true;
    this.cancelTimer();
    this.epoch++;
    await this.draining;
    await this.compacting;
    this.compactSync(this.getState());
  }

  /** Resolves once nothing is scheduled or being written (tests, benchmarks). */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.timer) {
        this.cancelTimer();
        void this.drain();
      }
      if (this.draining) await this.draining;
      else if (this.compacting) await this.compacting;
      else if (this.dirty.size > 0 && !this.closed) void this.drain();
      else return;
    }
  }

  wipe(): void {
    if (this.dir) removeStateFiles(this.dir);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): Promise<void> {
    // `.finally` runs asynchronously, so `draining` is always set before it is cleared.
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = null;
      this.schedule();
    });
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    try {
      if (this.failed) this.startCompaction();
      else await this.appendDirty();
      if (this.journalBytes > Math.max(this.compactMinBytes, this.snapshotBytes)) this.startCompaction();
    } catch (err) {
      // Retry later with a full snapshot, which rewrites whatever this append lost.
      this.failed = true;
      console.warn(`Local Stripe: could not write state (${err instanceof Error ? err.message : String(err)}); retrying`);
    }
  }

  /** Appends the current value of every dirty record (one line each) to the current journal. */
  private async appendDirty(): Promise<void> {
    if (!this.dir || this.dirty.size === 0) return;
    const state = this.getState() as unknown as Record<string, Record<string, unknown> | undefined>;
    let text = '';
    for (const [c, ids] of this.dirty) {
      const map = state[c];
      for (const id of ids) text += encodeLine(c, id, map?.[id]);
    }
    this.dirty.clear();
    await appendFile(join(this.dir, journalFile(this.gen)), text);
    this.journalBytes += Buffer.byteLength(text);
  }

  private startCompaction(): void {
    this.compacting ??= this.compactInBackground().then(
      () => {
        this.compacting = null;
      },
      (err: unknown) => {
        this.compacting = null;
        this.failed = true;
        console.warn(`Local Stripe: could not compact state (${err instanceof Error ? err.message : String(err)}); retrying`);
        this.schedule();
      },
    );
  }

  /** Fuzzy snapshot, a slice at a time; appends go to the next journal generation meanwhile. */
  private async compactInBackground(): Promise<void> {
    const dir = this.dir;
    if (!dir) return;
    const epoch = this.epoch;
    const gen = ++this.gen;
    this.journalBytes = 0;
    this.failed = false;
    const tmp = join(dir, `${SNAPSHOT}.${process.pid}.${gen}.tmp`);
    const file = await open(tmp, 'w');
    let bytes = 0;
    try {
      let chunk = '';
      let sliceStart = performance.now();
      for (const piece of snapshotPieces(this.getState(), gen)) {
        chunk += piece;
        if (chunk.length < 1 << 20 && performance.now() - sliceStart < this.sliceMs) continue;
        bytes += (await file.write(chunk)).bytesWritten; // yields to the event loop
        chunk = '';
        if (epoch !== this.epoch) break;
        sliceStart = performance.now();
      }
      if (epoch === this.epoch) bytes += (await file.write(chunk)).bytesWritten;
    } finally {
      await file.close();
    }
    // Checked and renamed in one synchronous step, so a newer synchronous snapshot is never overwritten.
    if (epoch !== this.epoch) return rm(tmp, { force: true });
    renameSync(tmp, join(dir, SNAPSHOT));
    this.snapshotBytes = bytes;
    removeStateFiles(dir, this.gen);
  }

  private compactSync(state: State): void {
    const dir = this.dir;
    if (!dir) return;
    this.epoch++;
    const gen = ++this.gen;
    const text = Array.from(snapshotPieces(state, gen)).join('');
    const tmp = join(dir, `${SNAPSHOT}.${process.pid}.${gen}.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(dir, SNAPSHOT));
    this.dirty.clear();
    this.failed = false;
    this.journalBytes = 0;
    this.snapshotBytes = Buffer.byteLength(text);
    removeStateFiles(dir, gen);
  }
}
