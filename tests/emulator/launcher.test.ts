import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor, describeExit, spawnGroup, type ChildExit } from '@/emulators/child-process';
import { freePort } from '../support/free-port';

/** A stand-in for Local Stripe / cognito-local / next: listens on a port; optionally starts a grandchild that holds another. */
const LISTENER = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [port, grandchildPort] = process.argv.slice(1).map(Number);
net.createServer().listen(port, '127.0.0.1', () => {
  if (grandchildPort) {
    spawn(process.execPath, ['-e', "require('node:net').createServer().listen(" + grandchildPort + ", '127.0.0.1', () => console.log('ready'))"], { stdio: ['ignore', 'inherit', 'inherit'] });
  } else console.log('ready');
});
process.on('SIGTERM', () => process.exit(0));
`;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Polls a condition (no fixed pauses); the cap only keeps a broken run from hanging. */
async function until(condition: () => Promise<boolean> | boolean, what: string, capMs = 20_000): Promise<void> {
  const deadline = Date.now() + capMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function stack(): Promise<{ supervisor: Supervisor; failures: ChildExit[]; ports: number[]; pids: Record<string, number> }> {
  const failures: ChildExit[] = [];
  const supervisor = new Supervisor((exit) => failures.push(exit));
  cleanups.push(() => supervisor.killAllNow());
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const pids: Record<string, number> = {};
  const children: Array<[string, string[]]> = [
    ['Local Stripe', [String(ports[0])]],
    ['cognito-local', [String(ports[1])]],
    // Like `next dev`, which serves from a next-server grandchild.
    ['next', [String(ports[2]), String(ports[3])]],
  ];
  for (const [name, args] of children) {
    const child = spawnGroup(process.execPath, ['-e', LISTENER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    supervisor.add(name, child);
    pids[name] = child.pid ?? 0;
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await until(() => out.includes('ready'), `${name} to start`);
  }
  for (const port of ports) expect(await canListen(port)).toBe(false);
  return { supervisor, failures, ports, pids };
}

describe('the launcher stops everything when one child dies', () => {
  it.each(['Local Stripe', 'cognito-local', 'next'])('kill -9 of %s: named once with its signal; every port freed', async (victim) => {
    const { supervisor, failures, ports, pids } = await stack();
    process.kill(pids[victim] ?? 0, 'SIGKILL');
    await until(() => failures.length > 0, 'the failure report');
    expect(failures).toEqual([{ name: victim, code: null, signal: 'SIGKILL' }]);
    expect(describeExit(failures[0] as ChildExit)).toBe(`${victim} was killed by SIGKILL`);
    await supervisor.stopAll(2000);
    for (const port of ports) await until(() => canListen(port), `port ${port} to be free`);
    expect(failures).toHaveLength(1); // the children it stopped are not reported as failures
  });

  it('stopAll (Ctrl-C, SIGTERM) stops every child and grandchild and reports nothing', async () => {
    const { supervisor, failures, ports } = await stack();
    await supervisor.stopAll(2000);
    for (const port of ports) await until(() => canListen(port), `port ${port} to be free`);
    expect(failures).toEqual([]);
  });

  it('describes an exit code', () => {
    expect(describeExit({ name: 'next', code: 1, signal: null })).toBe('next exited with code 1');
  });
});
