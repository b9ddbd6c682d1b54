/**
 * One server per state directory. The lock is a local socket (a Unix socket, or a named
 * pipe on Windows) named after the directory: the operating system releases it when the
 * process dies, so a `kill -9` or a reboot never leaves a stale lock, and a recycled pid
 * can never look like a live owner.
 */
import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export class StateLockedError extends Error {
  readonly code = 'ESTATELOCKED';
}

export interface StateLock {
  release(): Promise<void>;
}

/** The socket path for a state directory (short enough for every platform's limit). */
export function lockAddress(stateDir: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 24);
  if (platform === 'win32') return `\\\\.\\pipe\\rtemislive-state-${digest}`;
  // One place every process agrees on (an environment-dependent folder could give two locks for one directory).
  return join(tmpdir(), `rtemislive-state-${digest}.sock`);
}

export async function acquireStateLock(stateDir: string): Promise<StateLock> {
  const address = lockAddress(stateDir);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const server = createServer((socket) => socket.end());
    const listening = await listen(server, address);
    if (listening === true) {
      server.unref();
      return { release: () => new Promise((done) => server.close(() => done())) };
    }
    if (listening.code !== 'EADDRINUSE') throw listening;
    if (await isOwned(address)) {
      throw new StateLockedError(`The state directory ${stateDir} is in use by another rtemislive server.`);
    }
    // A socket file left by a process that died: nobody answers it, so it can go.
    await unlink(address).catch(() => {});
  }
  throw new StateLockedError(`Could not lock the state directory ${stateDir}.`);
}

function listen(server: Server, address: string): Promise<true | NodeJS.ErrnoException> {
  return new Promise((done) => {
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
    server.listen(address, () => done(true));
  });
}

function isOwned(address: string): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection(address);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
