import net from 'node:net';

/**
 * A TCP proxy in front of a service that can take the service off the network and bring it back: an outage as the
 * shop sees one (connections refused, open ones reset), without killing the service. Killing cognito-local loses
 * users it has already acknowledged (it rewrites one JSON file asynchronously per change), which measured its
 * storage rather than the shop's handling of an outage.
 */
export interface OutageProxy {
  url: string;
  /** Stops accepting connections and resets the open ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** `listenPort` 0 picks a free port once; restore() listens on that same port again. */
export async function startOutageProxy(targetPort: number, listenPort: number): Promise<OutageProxy> {
  let port = listenPort;
  const open = new Set<net.Socket>();
  const forward = (client: net.Socket): void => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  };
  let server: net.Server | null = null;
  const listen = async (): Promise<void> => {
    const next = net.createServer(forward);
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    port = (next.address() as net.AddressInfo).port;
    server = next;
  };
  const stopListening = async (): Promise<void> => {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  const cut = async (): Promise<void> => {
    const closing = stopListening();
    for (const socket of open) socket.resetAndDestroy();
    await closing;
  };
  await listen();
  return { url: `http://127.0.0.1:${port}`, cut, restore: listen, close: cut };
}
