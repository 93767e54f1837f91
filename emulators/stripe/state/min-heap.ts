/** A binary min-heap of [key, value] pairs (used for session expiry times). */
export class MinHeap<V> {
  private readonly items: Array<[number, V]> = [];

  get size(): number {
    return this.items.length;
  }

  peekKey(): number | undefined {
    return this.items[0]?.[0];
  }

  push(key: number, value: V): void {
    const a = this.items;
    a.push([key, value]);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent];
      const c = a[i];
      if (!p || !c || p[0] <= c[0]) break;
      a[parent] = c;
      a[i] = p;
      i = parent;
    }
  }

  pop(): [number, V] | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (!top || !last || a.length === 0) return top;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if ((a[l]?.[0] ?? Infinity) < (a[m]?.[0] ?? Infinity)) m = l;
      if ((a[r]?.[0] ?? Infinity) < (a[m]?.[0] ?? Infinity)) m = r;
      if (m === i) break;
      const x = a[i];
      const y = a[m];
      if (!x || !y) break;
      a[i] = y;
      a[m] = x;
      i = m;
    }
    return top;
  }

  clear(): void {
    this.items.length = 0;
  }
}
