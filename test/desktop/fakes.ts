/** Test doubles for the desktop tests: Electron and the server faked at their interfaces. */
import type { JobStatus, ServerStatus } from '../../src/server/status.js';
import type { DesktopShell } from '../../electron/desktop-controller.js';
import type { ServerHandle, ServerLaunchConfig } from '../../electron/server-lifecycle.js';
import type { Settings } from '../../electron/settings-schema.js';
import type { SettingsBackend } from '../../electron/settings-store.js';

export function makeStatus(overrides: Partial<ServerStatus> = {}): ServerStatus {
  const port = overrides.port ?? 5757;
  return {
    state: 'running',
    host: '127.0.0.1',
    port,
    url: `ws://127.0.0.1:${port}/`,
    origins: ['https://live.rtemis.org'],
    error: null,
    n_workers: 1,
    workers: [],
    sessions: [],
    jobs: [],
    storage: null,
    ...overrides,
  };
}

export function makeJob(overrides: Partial<JobStatus> = {}): JobStatus {
  return {
    job_id: 'job-0000000000000001',
    session_id: 'sess-0000000000000001',
    session_name: 'iris',
    type: 'train',
    status: 'running',
    algorithm: 'CART',
    stage: null,
    fraction: null,
    last_message: null,
    error: null,
    submitted_at: '2026-01-01T00:00:00Z',
    started_at: '2026-01-01T00:00:00Z',
    completed_at: null,
    queue_position: null,
    ...overrides,
  };
}

export interface FakeServerBehaviour {
  startError?: NodeJS.ErrnoException;
  /** stop() never settles (a hung pool). */
  hangOnStop?: boolean;
}

let tokenCounter = 0;

export class FakeServer implements ServerHandle {
  readonly token: string;
  started = false;
  stopped = false;
  private readonly listeners = new Set<(status: ServerStatus) => void>();
  private current: ServerStatus;

  constructor(
    readonly config: ServerLaunchConfig,
    private readonly behaviour: FakeServerBehaviour = {},
  ) {
    tokenCounter += 1;
    this.token = config.token ?? `tok-${tokenCounter}`;
    this.current = makeStatus({ state: 'stopped', port: config.port });
  }

  async start(): Promise<void> {
    if (this.behaviour.startError) throw this.behaviour.startError;
    this.started = true;
    this.emit({ state: 'running' });
  }

  stop(): Promise<void> {
    if (this.behaviour.hangOnStop) return new Promise(() => {});
    this.stopped = true;
    this.emit({ state: 'stopped' });
    return Promise.resolve();
  }

  status(): ServerStatus {
    return this.current;
  }

  onStatus(listener: (status: ServerStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(overrides: Partial<ServerStatus>): void {
    this.current = { ...this.current, ...overrides };
    for (const listener of this.listeners) listener(this.current);
  }
}

export function errnoError(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** A manual clock and timer queue: tests decide when time passes. */
export class FakeTimers {
  now = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 0;

  schedule = (callback: () => void, ms: number): (() => void) => {
    const id = ++this.nextId;
    this.timers.push({ at: this.now + ms, callback, id });
    return () => {
      this.timers = this.timers.filter((timer) => timer.id !== id);
    };
  };

  get pending(): number[] {
    return this.timers.map((timer) => timer.at - this.now);
  }

  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((timer) => timer.at <= this.now);
    this.timers = this.timers.filter((timer) => timer.at > this.now);
    for (const timer of due) timer.callback();
  }
}

export class MemoryBackend implements SettingsBackend {
  writes: Settings[] = [];
  constructor(public stored: unknown = undefined) {}
  read(): unknown {
    return this.stored;
  }
  write(settings: Settings): void {
    this.stored = structuredClone(settings);
    this.writes.push(structuredClone(settings));
  }
}

export class FakeShell implements DesktopShell {
  clipboard: string | null = null;
  opened: string[] = [];
  openedPaths: string[] = [];
  confirmAnswer = true;
  confirmations: string[] = [];
  windowShown = 0;
  startAtLogin: boolean[] = [];
  quits = 0;
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
  async openPath(dir: string): Promise<void> {
    this.openedPaths.push(dir);
  }
  async confirm(message: string): Promise<boolean> {
    this.confirmations.push(message);
    return this.confirmAnswer;
  }
  showStatusWindow(): void {
    this.windowShown += 1;
  }
  setStartAtLogin(enabled: boolean): void {
    this.startAtLogin.push(enabled);
  }
  quit(): void {
    this.quits += 1;
  }
}

/** Lets queued promise callbacks run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
