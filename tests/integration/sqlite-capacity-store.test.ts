import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCapacityStore } from '@/lib/adapters/sqlite/sqlite-capacity-store';
import { describeCapacityStoreContract } from '../contracts/capacity-store.contract';

describeCapacityStoreContract('SQLite (in memory)', async () => SqliteCapacityStore.open(':memory:'));

describe('SQLite capacity across processes sharing one file', () => {
  it('two handles on one file never count past the capacity together', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'capacity-')), 'capacity.sqlite');
    const first = SqliteCapacityStore.open(file);
    const second = SqliteCapacityStore.open(file);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? first : second).reserve({ holdId: `h${index}`, date: '2030-01-01', servings: 10 }, 55)),
    );
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(5);
    expect(await first.used('2030-01-01')).toBe(50);
    await first.close();
    await second.close();
  });
});
