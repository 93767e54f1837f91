/**
 * Insertion order of a collection's ids with O(1) position lookup, so lists can page from a cursor
 * (newest first) without materialising and scanning the whole collection on every request.
 * Mirrors JS object key order: a deleted then re-added id moves to the end.
 */
export class KeyOrder {
  private keys: Array<string | undefined> = [];
  private readonly pos = new Map<string, number>();
  private holes = 0;

  add(id: string): void {
    if (this.pos.has(id)) return;
    this.pos.set(id, this.keys.length);
    this.keys.push(id);
  }

  remove(id: string): void {
    const p = this.pos.get(id);
    if (p === undefined) return;
    this.keys[p] = undefined;
    this.pos.delete(id);
    this.holes++;
    if (this.holes > 1024 && this.holes * 2 > this.keys.length) this.compact();
  }

  /** Position of `id` (larger = newer), or undefined. */
  position(id: string): number | undefined {
    return this.pos.get(id);
  }

  /** One past the newest position. */
  get end(): number {
    return this.keys.length;
  }

  /** Ids older than position `before`, newest first. */
  *newestFirst(before = this.keys.length): Generator<string> {
    for (let i = Math.min(before, this.keys.length) - 1; i >= 0; i--) {
      const id = this.keys[i];
      if (id !== undefined) yield id;
    }
  }

  /** Ids at or after position `from`, oldest first. */
  *oldestFirst(from = 0): Generator<string> {
    for (let i = Math.max(0, from); i < this.keys.length; i++) {
      const id = this.keys[i];
      if (id !== undefined) yield id;
    }
  }

  private compact(): void {
    const live = this.keys.filter((k): k is string => k !== undefined);
    live.forEach((k, i) => this.pos.set(k, i));
    this.keys = live;
    this.holes = 0;
  }
}
