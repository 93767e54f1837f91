import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOutageProxy, type OutageProxy } from '@/bench/outage-proxy';

let service: http.Server | undefined;
let proxy: OutageProxy | undefined;

afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => (service ? service.close(resolve) : resolve(undefined)));
  service = proxy = undefined;
});

async function get(url: string): Promise<string> {
  const response = await fetch(url, { headers: { connection: 'close' } });
  return response.text();
}

describe('the bench’s outage proxy (the fault run’s Cognito outage)', () => {
  it('forwards, refuses while cut, and forwards again on the same address once restored, with the service untouched', async () => {
    let served = 0;
    service = http.createServer((_request, response) => response.end(`hello ${++served}`));
    await new Promise<void>((resolve) => service!.listen(0, '127.0.0.1', resolve));
    proxy = await startOutageProxy((service.address() as AddressInfo).port, 0);

    expect(await get(proxy.url)).toBe('hello 1');

    await proxy.cut();
    await expect(get(proxy.url)).rejects.toThrow();
    expect(served).toBe(1);

    await proxy.restore();
    expect(await get(proxy.url)).toBe('hello 2');
  });
});
