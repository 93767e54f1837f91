import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, findJava, TwinStartError } from '@/emulators/amplify-twin/preflight';

describe('the twin says exactly what is missing when it cannot start', () => {
  it('names the Java runtime to install when there is none', () => {
    const noJava = () => findJava({ PATH: '/nonexistent' });
    expect(noJava).toThrow(TwinStartError);
    expect(noJava).toThrow(/Java 17 runtime.*openjdk-17-jre-headless/);
  });

  it('finds the Java on this machine (the twin suites need it)', () => {
    expect(findJava()).toMatch(/java$/);
  });

  it('names the busy port and the piece that wanted it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      await expect(assertPortFree(port, 'DynamoDB Local')).rejects.toThrow(`Port ${port} (for DynamoDB Local) is already in use`);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await expect(assertPortFree(port, 'DynamoDB Local')).resolves.toBeUndefined();
  });
});
