import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { SqlitePlanStore } from '@/lib/adapters/sqlite/sqlite-plan-store';
import { describePlanStoreContract } from '../contracts/plan-store.contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describePlanStoreContract('SQLite (in memory)', async () => SqlitePlanStore.open(':memory:'));
describePlanStoreContract('SQLite (file, WAL)', async () => SqlitePlanStore.open(path.join(dir, `${Math.random().toString(36).slice(2)}.sqlite`)));
