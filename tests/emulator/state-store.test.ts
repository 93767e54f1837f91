import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DATABASE_FILE, StateStore } from '@/emulators/stripe/state/store';
import { trackState } from '@/emulators/stripe/state/tracked-state';
import type { State } from '@/emulators/stripe/state/types';
import { removeDir, sdk, startEmulator, tempDir } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function open(dir: string): { store: StateStore; state: State; raw: State } {
  const store = new StateStore(dir);
  cleanups.push(() => store.close());
  const raw = store.load();
  store.attach(raw, () => undefined);
  return { store, raw, state: trackState(raw, (c, id, before) => store.changed(c, id, before)) };
}

const product = (id: string, name: string): Stripe.Product => ({ id, name }) as Stripe.Product;

describe('StateStore (SQLite)', () => {
  it('opens a file with the indexes earlier versions kept, drops them and keeps every record', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    // The schema an earlier version wrote: a generated column and an index nothing ever queried.
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(`CREATE TABLE "sessions" (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL, payment_intent GENERATED ALWAYS AS (json_extract(body, '$.payment_intent')) VIRTUAL)`);
    old.exec(`CREATE INDEX "sessions_payment_intent" ON "sessions" (payment_intent)`);
    old.prepare('INSERT INTO "sessions" (id, body) VALUES (?, ?)').run('cs_old', JSON.stringify({ id: 'cs_old', payment_intent: 'pi_old' }));
    old.close();

    const { store, raw } = open(dir);
    expect((raw.sessions['cs_old'] as { payment_intent?: string } | undefined)?.payment_intent).toBe('pi_old');
    store.close();
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const indexes = check.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'`).all();
    check.close();
    expect(indexes).toEqual([]);
  });

  it('rebuilds a table whose id column earlier versions declared UNIQUE: same rows, same order, writes still find them', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const old = new Database(path.join(dir, DATABASE_FILE));
    old.exec(`CREATE TABLE "products" (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL)`);
    const insert = old.prepare('INSERT INTO "products" (id, body) VALUES (?, ?)');
    for (const id of ['prod_1', 'prod_2', 'prod_3']) insert.run(id, JSON.stringify(product(id, id)));
    old.close();

    const { store, state } = open(dir);
    store.transaction(() => {
      state.products['prod_1'] = product('prod_1', 'updated'); // keeps its place
      delete state.products['prod_2'];
      state.products['prod_4'] = product('prod_4', 'new');
    });
    store.close();
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const sql = (check.prepare(`SELECT sql FROM sqlite_master WHERE name = 'products'`).get() as { sql: string }).sql;
    const rows = check.prepare('SELECT id FROM "products" ORDER BY seq').all();
    check.close();
    expect(sql).not.toMatch(/UNIQUE/i);
    expect(rows).toEqual([{ id: 'prod_1' }, { id: 'prod_3' }, { id: 'prod_4' }]);
    const again = new StateStore(dir);
    cleanups.push(() => again.close());
    const loaded = again.load();
    expect(Object.keys(loaded.products)).toEqual(['prod_1', 'prod_3', 'prod_4']);
    expect(loaded.products['prod_1']?.name).toBe('updated');
  });

  it('stores one row per id however often a record is rewritten, deleted and re-created', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const { store, state } = open(dir);
    for (let round = 0; round < 3; round++) {
      store.transaction(() => {
        state.products['prod_a'] = product('prod_a', `A${round}`);
        state.products['prod_b'] = product('prod_b', `B${round}`);
      });
      store.transaction(() => delete state.products['prod_a']);
    }
    store.transaction(() => {
      state.products['prod_a'] = product('prod_a', 'A last');
    });
    store.close();
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    const rows = check.prepare('SELECT id, body FROM "products" ORDER BY seq').all() as Array<{ id: string; body: string }>;
    check.close();
    expect(rows.map((r) => [r.id, (JSON.parse(r.body) as { name: string }).name])).toEqual([['prod_b', 'B2'], ['prod_a', 'A last']]);
  });

  it('commits a unit of work as a whole and reloads it in creation order', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const { store, state } = open(dir);
    store.transaction(() => {
      state.products['prod_b'] = product('prod_b', 'B');
      state.products['prod_a'] = product('prod_a', 'A');
      state.products['prod_b'] = product('prod_b', 'B2'); // an update keeps its place
    });
    store.transaction(() => delete state.products['prod_a']);
    const again = new StateStore(dir);
    cleanups.push(() => again.close());
    const loaded = again.load();
    expect(Object.keys(loaded.products)).toEqual(['prod_b']);
    expect(loaded.products['prod_b']?.name).toBe('B2');
    expect(Object.getPrototypeOf(loaded.products)).toBeNull();
  });

  it('undoes a unit of work that throws, in memory and on disk', () => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    const { store, state, raw } = open(dir);
    store.transaction(() => {
      state.products['prod_keep'] = product('prod_keep', 'Keep');
    });
    expect(() =>
      store.transaction(() => {
        state.products['prod_keep'] = product('prod_keep', 'Changed');
        state.products['prod_new'] = product('prod_new', 'New');
        throw new Error('validation failed half way');
      }),
    ).toThrow('half way');
    expect(Object.keys(raw.products)).toEqual(['prod_keep']);
    expect(raw.products['prod_keep']?.name).toBe('Keep');
    const again = new StateStore(dir);
    cleanups.push(() => again.close());
    expect(Object.keys(again.load().products)).toEqual(['prod_keep']);
  });

  it('freezes committed records, so an in-place edit (which would never be stored) fails loudly', () => {
    const { store, state } = open(tempDir());
    store.transaction(() => {
      state.products['prod_x'] = product('prod_x', 'X');
    });
    const stored = state.products['prod_x'] as Stripe.Product;
    expect(() => {
      stored.name = 'edited in place';
    }).toThrow(TypeError);
  });
});

describe('group commit (API requests)', () => {
  const onDisk = (dir: string): string[] => {
    const reader = new StateStore(dir);
    try {
      return Object.keys(reader.load().products);
    } finally {
      reader.close();
    }
  };
  /** A store in a fresh data dir (removed after the test). */
  const openFresh = (): ReturnType<typeof open> & { dir: string } => {
    const dir = tempDir();
    cleanups.push(() => removeDir(dir));
    return { ...open(dir), dir };
  };

  it('units of one event-loop turn share one commit, and each resolves only once its writes are on disk', async () => {
    const { store, state, dir } = openFresh();
    const first = store.groupTransaction(() => {
      state.products['prod_1'] = product('prod_1', 'One');
      return 'first';
    });
    const second = store.groupTransaction(() => {
      state.products['prod_2'] = product('prod_2', 'Two');
      return 'second';
    });
    expect(onDisk(dir)).toEqual([]);
    await expect(Promise.all([first, second])).resolves.toEqual(['first', 'second']);
    expect(onDisk(dir)).toEqual(['prod_1', 'prod_2']);
  });

  it('a unit that throws is undone alone; the others of its turn still commit', async () => {
    const { store, state, raw, dir } = openFresh();
    const kept = store.groupTransaction(() => {
      state.products['prod_kept'] = product('prod_kept', 'Kept');
    });
    await expect(
      store.groupTransaction(() => {
        state.products['prod_kept'] = product('prod_kept', 'Overwritten by a refused request');
        state.products['prod_refused'] = product('prod_refused', 'Refused');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await kept;
    expect(raw.products['prod_kept']?.name).toBe('Kept');
    expect(raw.products['prod_refused']).toBeUndefined();
    expect(onDisk(dir)).toEqual(['prod_kept']);
  });

  it('a commit that fails rejects every unit waiting for it and undoes their writes in memory', async () => {
    const { store, state, raw, dir } = openFresh();
    const fine = store.groupTransaction(() => {
      state.products['prod_fine'] = product('prod_fine', 'Fine');
    });
    // A BigInt cannot be serialised: the SQLite write of this turn fails.
    const broken = store.groupTransaction(() => {
      state.products['prod_broken'] = { ...product('prod_broken', 'Broken'), created: 1n } as unknown as Stripe.Product;
    });
    await expect(fine).rejects.toThrow(TypeError);
    await expect(broken).rejects.toThrow(TypeError);
    expect(Object.keys(raw.products)).toEqual([]);
    expect(onDisk(dir)).toEqual([]);
    // The rolled-back rows are forgotten too: writing the same ids again stores them (once each).
    await store.groupTransaction(() => {
      state.products['prod_fine'] = product('prod_fine', 'Fine again');
    });
    await store.groupTransaction(() => {
      state.products['prod_fine'] = product('prod_fine', 'Fine, updated');
    });
    expect(onDisk(dir)).toEqual(['prod_fine']);
    expect(raw.products['prod_fine']?.name).toBe('Fine, updated');
  });

  it('a unit that writes nothing waits for the writes of its turn (its answer may show them)', async () => {
    const { store, state, dir } = openFresh();
    void store.groupTransaction(() => {
      state.products['prod_w'] = product('prod_w', 'W');
    });
    const seen = await store.groupTransaction(() => Object.keys(state.products));
    expect(seen).toEqual(['prod_w']);
    expect(onDisk(dir)).toEqual(['prod_w']);
  });
});

describe('one transaction per API request', () => {
  it('a request refused half way stores nothing (no inline price or product left behind, no event)', async () => {
    const emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    const stripe = sdk(emulator);
    const before = { products: (await stripe.products.list({ limit: 100 })).data.length, events: (await stripe.events.list({ limit: 100 })).data.length };
    const refused = await stripe.checkout.sessions
      .create({
        mode: 'payment',
        success_url: 'http://shop.test/ok',
        line_items: [
          { price_data: { currency: 'usd', unit_amount: 5000, product_data: { name: 'Inline' } }, quantity: 1 },
          { price: 'price_nope', quantity: 1 },
        ],
      })
      .catch((e: unknown) => e as Stripe.errors.StripeError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'line_items[1][price]' });
    expect((await stripe.products.list({ limit: 100 })).data).toHaveLength(before.products);
    expect((await stripe.events.list({ limit: 100 })).data).toHaveLength(before.events);
  });
});
