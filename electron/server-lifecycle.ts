/**
 * The server's life inside the desktop app: start, stop, restart on a new port or token,
 * and crash recovery with exponential backoff up to a limit — after which it stays in
 * `failed` with the error instead of looping. Knows nothing of Electron: it drives any
 * ServerHandle made by the injected factory.
 */
import type { ServerStatus } from '../src/server/status.js';

export interface ServerHandle {
  readonly token: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ServerStatus;
  onStatus(listener: (status: ServerStatus) => void): () => void;
}

export interface ServerLaunchConfig {
  port: number;
  /** null = let the server generate one. */
  token: string | null;
  extraOrigins: string[];
  /** null = one per core (the server's default). */
  workers: number | null;
  maxConcurrent: number | null;
  sessionTtl: number;
  dataTtl: number;
  /** Cap on saved work; null = the server's default (half of the free disk space). */
  maxStateBytes: number | null;
}

export type ServerFactory = (config: ServerLaunchConfig) => ServerHandle;

export type LifecyclePhase = 'stopped' | 'starting' | 'running' | 'stopping' | 'backoff' | 'failed';

export interface LifecycleError {
  code: string;
  message: string;
  /** For a port that is taken: the next free port, offered to the user. */
  suggestedPort: number | null;
}

export interface LifecycleSnapshot {
  phase: LifecyclePhase;
  config: ServerLaunchConfig;
  /** The token of the running (or last started) server; null before the first start. */
  token: string | null;
  status: ServerStatus | null;
  error: LifecycleError | null;
  /** Consecutive crash restarts so far (reset once a start stays up for `stableMs`). */
  restarts: number;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  maxRestarts: number;
  /** A server that stays up this long is considered healthy again. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 30_000, maxRestarts: 5, stableMs: 60_000 };

export interface LifecycleDeps {
  factory: ServerFactory;
  findFreePort: (from: number) => Promise<number | null>;
  schedule: (callback: () => void, ms: number) => () => void;
  now: () => number;
  backoff?: BackoffPolicy;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** Start errors that another attempt cannot fix: the user must choose (e.g. another port). */
const CONFIGURATION_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ERR_INVALID_OPTIONS', 'ESTATELOCKED']);

export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
}

export class ServerLifecycle {
  private readonly backoff: BackoffPolicy;
  private phase: LifecyclePhase = 'stopped';
  private config: ServerLaunchConfig;
  private token: string | null;
  private handle: ServerHandle | null = null;
  private unsubscribe: (() => void) | null = null;
  private status: ServerStatus | null = null;
  private error: LifecycleError | null = null;
  private restarts = 0;
  private startedAt = 0;
  private cancelBackoff: (() => void) | null = null;
  /** Bumped on every launch/stop so events from a replaced server are ignored. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(snapshot: LifecycleSnapshot) => void>();

  constructor(
    initialConfig: ServerLaunchConfig,
    private readonly deps: LifecycleDeps,
  ) {
    this.backoff = deps.backoff ?? DEFAULT_BACKOFF;
    this.config = { ...initialConfig };
    this.token = initialConfig.token;
  }

  snapshot(): LifecycleSnapshot {
    return {
      phase: this.phase,
      config: { ...this.config },
      token: this.token,
      status: this.status,
      error: this.error,
      restarts: this.restarts,
    };
  }

  onChange(listener: (snapshot: LifecycleSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.phase === 'running' || this.phase === 'starting') return;
      this.restarts = 0;
      await this.launch();
    });
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.shutdown('stopped'));
  }

  /** Applies a config change (port, origins, workers, token: null = new token) and restarts if it was up. */
  reconfigure(patch: Partial<ServerLaunchConfig>): Promise<void> {
    return this.enqueue(async () => {
      const wasUp = this.phase !== 'stopped';
      await this.shutdown('stopped');
      this.config = { ...this.config, ...patch, token: 'token' in patch ? (patch.token ?? null) : this.token };
      this.token = this.config.token;
      this.restarts = 0;
      if (wasUp) await this.launch();
    });
  }

  /**
   * Runs `task` with the server stopped (e.g. clearing its saved work), then starts it again
   * unless it was stopped on purpose. The token is kept.
   */
  whileStopped(task: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      const wasUp = this.phase !== 'stopped';
      await this.shutdown('stopped');
      try {
        await task();
      } finally {
        this.restarts = 0;
        if (wasUp) await this.launch();
      }
    });
  }

  /** A failure the server could not report itself (an uncaught exception in its code, a dead pool). */
  reportCrash(error: unknown): void {
    const generation = this.generation;
    void this.enqueue(() => this.handleCrash(generation, toLifecycleError(error)));
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const run = this.queue.then(operation);
    this.queue = run.catch(() => {});
    return run;
  }

  private async launch(): Promise<void> {
    this.cancelBackoff?.();
    this.cancelBackoff = null;
    const generation = ++this.generation;
    this.error = null;
    this.setPhase('starting');
    let handle: ServerHandle;
    try {
      handle = this.deps.factory({ ...this.config, token: this.token });
    } catch (error) {
      await this.failStart(generation, error);
      return;
    }
    this.handle = handle;
    this.unsubscribe = handle.onStatus((status) => this.onServerStatus(generation, status));
    try {
      await handle.start();
    } catch (error) {
      await this.failStart(generation, error);
      return;
    }
    if (generation !== this.generation) return;
    this.token = handle.token;
    this.config = { ...this.config, token: handle.token };
    this.status = handle.status();
    this.startedAt = this.deps.now();
    this.deps.log?.('info', `server listening on port ${this.status.port}`);
    this.setPhase('running');
  }

  private async failStart(generation: number, cause: unknown): Promise<void> {
    if (generation !== this.generation) return;
    const error = toLifecycleError(cause);
    await this.disposeHandle();
    if (CONFIGURATION_ERRORS.has(error.code)) {
      if (error.code === 'EADDRINUSE') {
        error.suggestedPort = await this.deps.findFreePort(this.config.port + 1);
        error.message = `Port ${this.config.port} is already in use by another program.`;
      }
      this.deps.log?.('error', `server could not start: ${error.code} ${error.message}`);
      this.error = error;
      this.status = null;
      this.setPhase('failed');
      return;
    }
    await this.scheduleRestart(error);
  }

  private onServerStatus(generation: number, status: ServerStatus): void {
    if (generation !== this.generation) return;
    this.status = status;
    if (status.state === 'error' && this.phase === 'running') {
      const cause = status.error ?? { code: 'ESERVER', message: 'The server stopped unexpectedly.' };
      void this.enqueue(() => this.handleCrash(generation, { ...cause, suggestedPort: null }));
      return;
    }
    this.emit();
  }

  private async handleCrash(generation: number, error: LifecycleError): Promise<void> {
    if (generation !== this.generation || this.phase !== 'running') return;
    if (this.deps.now() - this.startedAt >= this.backoff.stableMs) this.restarts = 0;
    this.deps.log?.('error', `server crashed: ${error.code} ${error.message}`);
    this.generation += 1;
    await this.disposeHandle();
    await this.scheduleRestart(error);
  }

  private async scheduleRestart(error: LifecycleError): Promise<void> {
    this.error = error;
    this.status = null;
    if (this.restarts >= this.backoff.maxRestarts) {
      this.deps.log?.('error', `giving up after ${this.restarts} restarts`);
      this.setPhase('failed');
      return;
    }
    const delay = backoffDelay(this.backoff, this.restarts);
    this.restarts += 1;
    this.deps.log?.('warn', `restarting the server in ${delay} ms (attempt ${this.restarts} of ${this.backoff.maxRestarts})`);
    const generation = this.generation;
    this.cancelBackoff = this.deps.schedule(() => {
      void this.enqueue(async () => {
        if (generation === this.generation && this.phase === 'backoff') await this.launch();
      });
    }, delay);
    this.setPhase('backoff');
  }

  private async shutdown(finalPhase: 'stopped'): Promise<void> {
    this.cancelBackoff?.();
    this.cancelBackoff = null;
    this.generation += 1;
    if (this.handle) {
      this.setPhase('stopping');
      await this.disposeHandle();
    }
    this.status = null;
    this.error = null;
    this.setPhase(finalPhase);
  }

  private async disposeHandle(): Promise<void> {
    const handle = this.handle;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.handle = null;
    if (!handle) return;
    try {
      await handle.stop();
    } catch (error) {
      this.deps.log?.('warn', `stopping the server failed: ${toLifecycleError(error).message}`);
    }
  }

  private setPhase(phase: LifecyclePhase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    const snapshot = this.snapshot();
    for (const listener of this.listeners) listener(snapshot);
  }
}

export function toLifecycleError(error: unknown): LifecycleError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'ESERVER', message: error.message, suggestedPort: null };
  }
  return { code: 'ESERVER', message: String(error), suggestedPort: null };
}
