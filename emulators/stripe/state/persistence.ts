import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { emptyState, type State } from './types';

/** Loads/saves state.json; writes are debounced and atomic (temp file + rename). */
export class Persistence {
  private timer: NodeJS.Timeout | null = null;
  private readonly file: string | null;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly getState: () => State,
    private readonly debounceMs = 50,
  ) {
    this.file = dataDir ? join(dataDir, 'state.json') : null;
  }

  load(): State {
    if (!this.file || !existsSync(this.file)) return emptyState();
    const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
    // Fill in collections added after the file was written.
    return { ...emptyState(), ...(parsed as Partial<State>), version: 1 };
  }

  schedule(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.file || !this.dataDir) return;
    mkdirSync(this.dataDir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.getState()));
    renameSync(tmp, this.file);
  }

  wipe(): void {
    if (this.file && existsSync(this.file)) rmSync(this.file);
  }
}
