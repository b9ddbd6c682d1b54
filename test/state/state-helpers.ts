/** Shared steps of the saved-state tests: servers on a state folder, and what a folder holds. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerOptionsInput } from '../../src/server/options.js';
import type { Logger } from '../../src/server/services.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';
import { resolveServerOptions } from '../../src/server/options.js';
import { RtemisliveServer } from '../../src/server/server.js';
import { freePort, TEST_TOKEN } from '../support/test-server.js';

export function stateFolder(label: string): string {
  return mkdtempSync(join(tmpdir(), `rtemislive-state-${label}-`));
}

/** A logger that keeps every line, for tests that check what the server reported. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { lines, debug: keep('DEBUG'), info: keep('INFO'), warn: keep('WARN'), error: keep('ERROR') };
}

/** A server saving to `stateDir`, with an optional logger. */
export async function serverOn(stateDir: string, options: Partial<ServerOptionsInput> = {}, logger?: Logger): Promise<RunningServer> {
  if (!logger) return startServer({ stateDir, ...options });
  const port = await freePort();
  const server = new RtemisliveServer(resolveServerOptions({ token: TEST_TOKEN, stateDir, ...options, port }, {}), { logger });
  await server.start();
  return { server, url: `ws://127.0.0.1:${port}/`, port, token: server.token, stop: () => server.stop() };
}

export async function client(running: RunningServer): Promise<WireClient> {
  return WireClient.authed(running.url, running.token);
}

/** Every file under `dir`, relative, sorted. */
export function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(dir, relative));
    else out.push(relative);
  }
  return out.sort();
}

/** The saved files of one session, relative to its folder. */
export function sessionFiles(stateDir: string, sessionId: string): string[] {
  return filesUnder(join(stateDir, 'sessions', sessionId));
}

/** No file of the state folder contains `text` (the token must never be saved). */
export function assertNowhereIn(stateDir: string, text: string): void {
  for (const file of filesUnder(stateDir)) {
    const path = join(stateDir, file);
    if (!statSync(path).isFile()) continue;
    assert.equal(readFileSync(path).includes(Buffer.from(text)), false, `${file} contains ${text}`);
  }
}
