/** A real `rtemislive serve` child process for the soak, and what it looks like from /proc. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/fixture-paths.js';
import { isAlive } from '../support/processes.js';

const CLI = path.join(REPO_ROOT, 'dist/src/cli/main.js');

export class SoakServer {
  private output = '';
  private readonly exited: Promise<number | null>;
  /** Every worker process seen under the server during the run. */
  readonly workerPids = new Set<number>();
  exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly port: number,
    readonly token: string,
  ) {
    child.stdout.on('data', (chunk) => (this.output += chunk));
    child.stderr.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  static async start(port: number, token: string, extraArgs: string[]): Promise<SoakServer> {
    // Run through the bin's shebang, as `npx rtemislive serve` does, so its Node flags apply.
    const args = ['serve', '--port', String(port), '--token', token, ...extraArgs];
    const server = new SoakServer(spawn(CLI, args, { cwd: REPO_ROOT }), port, token);
    for (let i = 0; i < 400 && !server.output.includes('Token'); i += 1) await new Promise((r) => setTimeout(r, 25));
    if (!server.output.includes('Token')) throw new Error(`serve did not start:\n${server.output}`);
    return server;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}/`;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Resident set size of the server process alone, in bytes. */
  rssBytes(): number {
    return residentBytes(this.pid);
  }

  /** Records the server's current child processes (its workers). */
  sampleWorkers(): number[] {
    const children = childPids(this.pid);
    for (const pid of children) this.workerPids.add(pid);
    return children;
  }

  /** Workers seen during the run that still exist. */
  survivingWorkers(): number[] {
    return [...this.workerPids].filter(isAlive);
  }

  logTail(lines = 30): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  async stop(): Promise<number | null> {
    if (this.alive) this.child.kill('SIGTERM');
    return this.exited;
  }
}

function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

function childPids(parent: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent) found.push(Number(entry));
    } catch {
      // The process ended between readdir and read.
    }
  }
  return found;
}
