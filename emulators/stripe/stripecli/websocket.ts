import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CliConnection } from './connection';
import { SUBPROTOCOL, WEBSOCKET_PATH, parseCliMessage, type CliMessage } from './protocol';
import type { CliSession, SessionRegistry } from './sessions';

export interface SocketHandlers {
  sessions: SessionRegistry;
  onOpen(session: CliSession, connection: CliConnection): void;
  onMessage(connection: CliConnection, message: CliMessage): void;
  onClose(session: CliSession, connection: CliConnection): void;
  log(line: string): void;
}

export interface CliSocketServer {
  /** Takes an HTTP upgrade if it is for the CLI's websocket; returns false otherwise. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every open socket (the CLI redials, as after Stripe drops it). */
  dropAll(): void;
  openCount(): number;
  /** Connections accepted since start (each CLI reconnect is one more). */
  acceptedCount(): number;
  close(): void;
}

/** The answer the CLI recognises as an expired session: it then creates a new one. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Not Found'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createCliSocketServer(h: SocketHandlers): CliSocketServer {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  const open = new Set<WebSocket>();
  let accepted = 0;

  const accept = (ws: WebSocket, session: CliSession): void => {
    open.add(ws);
    accepted++;
    const connection: CliConnection = {
      sessionId: session.id,
      send: (frame) => {
        // After the CLI's close frame the socket is CLOSING: whatever is not acknowledged is sent again later.
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
      },
    };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = parseCliMessage(Buffer.isBuffer(data) ? data.toString('utf8') : String(data));
      if (message) h.onMessage(connection, message);
    });
    ws.on('close', () => {
      open.delete(ws);
      h.onClose(session, connection);
    });
    ws.on('error', (err) => h.log(`stripe cli websocket error: ${err.message}`));
    h.onOpen(session, connection);
  };

  return {
    upgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== WEBSOCKET_PATH) return false;
      const id = req.headers['websocket-id'];
      const session = typeof id === 'string' ? h.sessions.use(id) : undefined;
      if (!session) {
        refuse(socket, 400, 'Unknown WebSocket ID.');
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, session));
      return true;
    },
    dropAll() {
      for (const ws of open) ws.close(1001, 'Local Stripe closed the connection');
    },
    openCount: () => open.size,
    acceptedCount: () => accepted,
    close() {
      for (const ws of open) ws.terminate();
      open.clear();
      wss.close();
    },
  };
}
