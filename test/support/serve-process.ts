/** `rtemislive serve` as a real child process, for tests that kill and restart it. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './fixture-paths.js';
import { WireClient } from './wire-client.js';

export const CLI = resolve(REPO_ROOT, 'dist/src/cli/main.js');

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  token: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export function spawnServe(port: number, token: string, args: string[]): ServeProcess {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--token', token, ...args], { cwd: REPO_ROOT });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const url = `ws://127.0.0.1:${port}/`;
  return {
    child,
    url,
    token,
    stderr: () => stderr,
    exited,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Connects (retrying while the process starts) and authenticates. */
export async function connectWhenReady(server: ServeProcess, timeoutMs = 60_000): Promise<WireClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await WireClient.authed(server.url, server.token);
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`serve never became ready: ${(error as Error).message}\n${server.stderr()}`);
      if (server.child.exitCode !== null) throw new Error(`serve exited with ${server.child.exitCode}:\n${server.stderr()}`);
      await new Promise((done) => setTimeout(done, 25));
    }
  }
}
