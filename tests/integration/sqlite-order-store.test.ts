import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteOrderStore } from '@/lib/adapters/sqlite/sqlite-order-store';
import { describeStoreContracts } from '../contracts/store-contracts';

describeStoreContracts('SQLite (in memory)', async () => SqliteOrderStore.open(':memory:'));
describeStoreContracts('SQLite (file, WAL)', async () =>
  SqliteOrderStore.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'orders.sqlite')),
);

describe('SQLite order store on disk', () => {
  it('keeps orders across reopen and runs migrations once', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'nested', 'orders.sqlite');
    const first = SqliteOrderStore.open(file);
    await first.applyEvent(
      { id: 'evt_1', type: 'charge.succeeded', objectId: 'ch_1', apiVersion: null, created: 1, receivedAt: 'now' },
      null,
      'now',
    );
    await first.close();
    const second = SqliteOrderStore.open(file);
    expect(await second.getEvent('evt_1')).toMatchObject({ status: 'ignored' });
    await second.close();
  });

  it('moves its data version when another connection commits, and not for its own writes (the worker process’s wake-up)', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orders-')), 'orders.sqlite');
    const worker = SqliteOrderStore.open(file);
    const server = SqliteOrderStore.open(file);
    const event = (id: string) => ({ id, type: 'charge.succeeded', objectId: 'ch_1', apiVersion: null, created: 1, receivedAt: 'now' });
    const start = worker.dataVersion();

    await worker.applyEvent(event('evt_own'), null, 'now');
    expect(worker.dataVersion()).toBe(start);

    await server.applyEvent(event('evt_other'), null, 'now');
    const afterOther = worker.dataVersion();
    expect(afterOther).not.toBe(start);
    expect(worker.dataVersion()).toBe(afterOther);
    await worker.close();
    await server.close();
  });
});
