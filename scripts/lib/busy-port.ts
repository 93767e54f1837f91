import fs from 'node:fs';
import net from 'node:net';

/** A port the launcher needs is taken: one line, no stack trace. */
export class PortBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortBusyError';
  }
}

/**
 * Fails with one line naming the port, what holds it (when this machine lets us see), and the
 * variable that moves it, instead of the stack trace or bare EADDRINUSE a child would print later.
 */
export async function assertPortFree(port: number, host: string, what: string, variable: string): Promise<void> {
  const error = await tryListen(port, host);
  if (!error) return;
  if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
  const holder = error.code === 'EADDRINUSE' ? describeHolder(port) : null;
  const reason = error.code === 'EACCES' ? 'needs privileges' : `is in use${holder ? ` by ${holder}` : ''}`;
  throw new PortBusyError(`Port ${port} (${what}) ${reason}: stop that process or set ${variable} to a free port.`);
}

function tryListen(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** On Linux: the listening socket's inode in /proc/net/tcp{,6}, then the process holding it. Null elsewhere. */
export function describeHolder(port: number, proc = '/proc'): string | null {
  const inodes = new Set<string>();
  for (const table of ['net/tcp', 'net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(`${proc}/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the tenth field.
      const [, local = '', , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state === '0A' && inode && parseInt(local.split(':')[1] ?? '', 16) === port) inodes.add(inode);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of safeReadDir(proc).filter((name) => /^\d+$/.test(name))) {
    for (const fd of safeReadDir(`${proc}/${pid}/fd`)) {
      const target = safeReadLink(`${proc}/${pid}/fd/${fd}`);
      const inode = target?.match(/^socket:\[(\d+)\]$/)?.[1];
      if (inode && inodes.has(inode)) return `pid ${pid} (${commandOf(proc, pid)})`;
    }
  }
  return 'another process';
}

function commandOf(proc: string, pid: string): string {
  try {
    const command = fs.readFileSync(`${proc}/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return command.length > 80 ? `${command.slice(0, 77)}…` : command;
  } catch {
    return 'unknown command';
  }
}

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeReadLink(file: string): string | null {
  try {
    return fs.readlinkSync(file);
  } catch {
    return null;
  }
}
