/**
 * A pool of worker processes running one task each at a time (semantics after piscina/tinypool):
 * FIFO queue, lazy spawn up to maxWorkers, reuse of idle workers, cooperative cancel with a
 * kill after a grace period, crash isolation with backoff, idle reaping.
 * The process runtime is injected (WorkerSpawner), so the same pool runs under Node and Electron.
 */
import { randomUUID } from 'node:crypto';
import { describeInvalid, fromWorkerMessage, type ToWorkerMessage } from './messages.js';
import { PoolTaskError } from './pool-task-error.js';
import type { WorkerProcess, WorkerSpawner } from './worker-process.js';

export { PoolTaskError, type PoolTaskErrorKind } from './pool-task-error.js';

export interface WorkerPoolOptions {
  /** Absolute path of the worker script (it calls serveTasks). */
  script: string;
  spawn: WorkerSpawner;
  /** At most this many worker processes alive at once. Default 1. */
  maxWorkers?: number;
  /** How long a running task may take to honour cancel() before its worker is killed. Default 2000. */
  cancelGraceMs?: number;
  /** Idle workers exit after this long; 0 keeps them forever. Default 60000. */
  idleTimeoutMs?: number;
  /** Delay before replacing a crashed worker; doubles per consecutive crash up to respawnBackoffMaxMs. Default 100. */
  respawnBackoffMs?: number;
  /** Default 10000. */
  respawnBackoffMaxMs?: number;
  /** A worker that has not reported ready by then is killed and counts as a failed start. Default 30000. */
  startTimeoutMs?: number;
  /** Where dropped messages and misbehaving workers are reported. Default console.warn. */
  log?: (line: string) => void;
}

export interface TaskHandlers {
  onProgress?(message: unknown): void;
  /** Called when the task leaves the queue for a worker. */
  onStart?(): void;
}

export interface PoolTask {
  readonly id: string;
  /** Resolves with the handler's value; rejects with a PoolTaskError. */
  readonly result: Promise<unknown>;
  cancel(): void;
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
}

/** After this many workers in a row die before reporting ready, the queued tasks fail instead of waiting forever. */
const START_FAILURES_BEFORE_GIVING_UP = 3;

interface TaskEntry {
  id: string;
  payload: unknown;
  handlers: TaskHandlers;
  resolve(value: unknown): void;
  reject(error: PoolTaskError): void;
  settled: boolean;
  cancelRequested: boolean;
  worker: PoolWorker | undefined;
}

interface PoolWorker {
  process: WorkerProcess;
  /** 'stopping' = the pool asked it to exit or killed it; it still counts against maxWorkers until it is gone. */
  state: 'starting' | 'idle' | 'busy' | 'stopping';
  ready: boolean;
  task: TaskEntry | undefined;
  timer: NodeJS.Timeout | undefined;
  exited: Promise<void>;
  markExited(): void;
}

export class WorkerPool {
  private readonly script: string;
  private readonly spawn: WorkerSpawner;
  private readonly maxWorkers: number;
  private readonly cancelGraceMs: number;
  private readonly idleTimeoutMs: number;
  private readonly respawnBackoffMs: number;
  private readonly respawnBackoffMaxMs: number;
  private readonly startTimeoutMs: number;
  private readonly log: (line: string) => void;

  private readonly workers = new Set<PoolWorker>();
  private queue: TaskEntry[] = [];
  private consecutiveCrashes = 0;
  private startFailures = 0;
  private spawnNotBefore = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.script = options.script;
    this.spawn = options.spawn;
    this.maxWorkers = Math.max(1, Math.floor(options.maxWorkers ?? 1));
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.respawnBackoffMs = options.respawnBackoffMs ?? 100;
    this.respawnBackoffMaxMs = Math.max(this.respawnBackoffMs, options.respawnBackoffMaxMs ?? 10_000);
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.log = options.log ?? ((line) => console.warn(`[worker-pool] ${line}`));
  }

  get stats(): PoolStats {
    let busy = 0;
    for (const worker of this.workers) if (worker.state === 'busy') busy += 1;
    return { workers: this.workers.size, busy, queued: this.queue.length };
  }

  run(task: unknown, handlers: TaskHandlers = {}): PoolTask {
    let resolve!: (value: unknown) => void;
    let reject!: (error: PoolTaskError) => void;
    const result = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // cancel() is often fire-and-forget: a rejection nobody awaits must not take the process down.
    result.catch(() => {});
    const entry: TaskEntry = {
      id: randomUUID(),
      payload: task,
      handlers,
      resolve,
      reject,
      settled: false,
      cancelRequested: false,
      worker: undefined,
    };
    if (this.closing !== undefined) {
      this.fail(entry, new PoolTaskError('cancelled', 'the pool is closed'));
    } else {
      this.queue.push(entry);
      this.pump();
    }
    return { id: entry.id, result, cancel: () => this.cancel(entry) };
  }

  /** Cancels and kills everything; resolves once no worker process is left alive. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      clearTimeout(this.respawnTimer);
      const queued = this.queue;
      this.queue = [];
      for (const entry of queued) this.fail(entry, new PoolTaskError('cancelled', 'the pool was closed'));
      const exits: Promise<void>[] = [];
      for (const worker of this.workers) {
        if (worker.task !== undefined) this.fail(worker.task, new PoolTaskError('cancelled', 'the pool was closed'));
        this.kill(worker);
        exits.push(worker.exited);
      }
      this.closing = Promise.all(exits).then(() => undefined);
    }
    return this.closing;
  }

  private cancel(entry: TaskEntry): void {
    if (entry.settled || entry.cancelRequested) return;
    entry.cancelRequested = true;
    const worker = entry.worker;
    if (worker === undefined) {
      this.queue = this.queue.filter((queued) => queued !== entry);
      this.fail(entry, new PoolTaskError('cancelled', 'cancelled before it started'));
      return;
    }
    this.send(worker, { type: 'cancel', taskId: entry.id });
    // The engine only notices a cancel at its next checkpoint(); one that never comes costs the process.
    this.setTimer(worker, this.cancelGraceMs, () => {
      this.log(`worker ${worker.process.pid} ignored cancel of task ${entry.id} for ${this.cancelGraceMs} ms; killing it`);
      this.kill(worker);
    });
  }

  /** Hands queued tasks to idle workers, spawns workers for what is left (respecting backoff), arms idle timers. */
  private pump(): void {
    if (this.closing !== undefined) return;
    for (let idle = this.findIdle(); idle !== undefined && this.queue.length > 0; idle = this.findIdle()) {
      this.dispatch(idle, this.queue.shift()!);
    }
    this.spawnForQueue();
    if (this.idleTimeoutMs > 0) {
      for (const worker of this.workers) {
        if (worker.state === 'idle' && worker.timer === undefined) this.armIdleTimer(worker);
      }
    }
  }

  private findIdle(): PoolWorker | undefined {
    for (const worker of this.workers) if (worker.state === 'idle') return worker;
    return undefined;
  }

  private spawnForQueue(): void {
    let starting = 0;
    for (const worker of this.workers) if (worker.state === 'starting') starting += 1;
    let wanted = Math.min(this.queue.length - starting, this.maxWorkers - this.workers.size);
    while (wanted > 0 && this.queue.length > 0) {
      const wait = this.spawnNotBefore - Date.now();
      if (wait > 0) {
        if (this.respawnTimer === undefined) {
          this.respawnTimer = setTimeout(() => {
            this.respawnTimer = undefined;
            this.pump();
          }, wait);
        }
        return;
      }
      // A spawn that throws sets a backoff, so the next round waits on the respawn timer.
      if (this.startWorker()) wanted -= 1;
    }
  }

  private armIdleTimer(worker: PoolWorker): void {
    this.setTimer(worker, this.idleTimeoutMs, () => {
      worker.state = 'stopping';
      this.send(worker, { type: 'shutdown' });
      this.setTimer(worker, this.cancelGraceMs, () => {
        this.log(`worker ${worker.process.pid} did not exit after shutdown; killing it`);
        this.kill(worker);
      });
    });
  }

  private startWorker(): boolean {
    let child: WorkerProcess;
    try {
      child = this.spawn(this.script);
    } catch (error) {
      this.log(`could not spawn a worker: ${errorText(error)}`);
      this.recordStartFailure('could not be spawned');
      return false;
    }
    let markExited!: () => void;
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const worker: PoolWorker = {
      process: child,
      state: 'starting',
      ready: false,
      task: undefined,
      timer: undefined,
      exited,
      markExited,
    };
    this.workers.add(worker);
    child.onMessage((message) => this.onMessage(worker, message));
    child.onExit((code, signal) => this.onExit(worker, code, signal));
    this.setTimer(worker, this.startTimeoutMs, () => {
      this.log(`worker ${child.pid} did not report ready within ${this.startTimeoutMs} ms; killing it`);
      this.kill(worker);
    });
    return true;
  }

  private dispatch(worker: PoolWorker, entry: TaskEntry): void {
    this.clearTimer(worker);
    try {
      worker.process.postMessage({ type: 'run', taskId: entry.id, task: entry.payload } satisfies ToWorkerMessage);
    } catch (error) {
      // Typically a task that cannot be structured-cloned; the worker never saw it and stays usable.
      this.fail(entry, new PoolTaskError('error', `task could not be sent to a worker: ${errorText(error)}`));
      return;
    }
    worker.state = 'busy';
    worker.task = entry;
    entry.worker = worker;
    // Deferred so that a caller dispatched straight from run() already holds its PoolTask; still before any progress.
    queueMicrotask(() => this.callHandler(entry, 'onStart', () => entry.handlers.onStart?.()));
  }

  private onMessage(worker: PoolWorker, raw: unknown): void {
    if (!this.workers.has(worker)) return;
    const parsed = fromWorkerMessage.safeParse(raw);
    if (!parsed.success) {
      this.log(`dropped invalid message from worker ${worker.process.pid} (${describeInvalid(raw, parsed.error)})`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        if (worker.state !== 'starting') return;
        worker.ready = true;
        this.startFailures = 0;
        this.becomeIdle(worker);
        return;
      case 'exiting':
        return;
      case 'progress': {
        const entry = worker.task;
        if (entry === undefined || entry.id !== message.taskId || entry.settled) return;
        this.callHandler(entry, 'onProgress', () => entry.handlers.onProgress?.(message.message));
        return;
      }
      case 'result':
      case 'error':
      case 'cancelled': {
        const entry = worker.task;
        if (entry === undefined || entry.id !== message.taskId) {
          this.log(`dropped '${message.type}' for task ${message.taskId}, which worker ${worker.process.pid} is not running`);
          return;
        }
        this.consecutiveCrashes = 0;
        if (entry.cancelRequested || message.type === 'cancelled') {
          this.fail(entry, new PoolTaskError('cancelled', 'cancelled while running'));
        } else if (message.type === 'error') {
          this.fail(entry, new PoolTaskError('error', message.message, { name: message.name, stack: message.stack }));
        } else {
          this.fulfil(entry, message.value);
        }
        if (worker.state === 'busy') this.becomeIdle(worker);
        return;
      }
    }
  }

  private onExit(worker: PoolWorker, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.workers.delete(worker)) return;
    this.clearTimer(worker);
    worker.markExited();
    const how = signal !== null ? `was killed by ${signal}` : code !== null ? `exited with code ${code}` : 'exited';
    const entry = worker.task;
    if (entry !== undefined && !entry.settled) {
      this.fail(
        entry,
        entry.cancelRequested
          ? new PoolTaskError('cancelled', 'cancelled while running (worker killed)')
          : new PoolTaskError('crashed', `worker process ${worker.process.pid} ${how} while running the task`),
      );
    }
    if (this.closing !== undefined) return;
    if (!worker.ready) {
      this.recordStartFailure(how);
    } else if (worker.state !== 'stopping') {
      this.log(`worker ${worker.process.pid} ${how}`);
      this.recordCrash();
    }
    this.pump();
  }

  private becomeIdle(worker: PoolWorker): void {
    this.clearTimer(worker);
    worker.state = 'idle';
    worker.task = undefined;
    this.pump();
  }

  private recordCrash(): void {
    this.consecutiveCrashes += 1;
    const delay = Math.min(this.respawnBackoffMs * 2 ** (this.consecutiveCrashes - 1), this.respawnBackoffMaxMs);
    this.spawnNotBefore = Date.now() + delay;
  }

  private recordStartFailure(how: string): void {
    this.recordCrash();
    this.startFailures += 1;
    if (this.startFailures < START_FAILURES_BEFORE_GIVING_UP) return;
    this.startFailures = 0;
    const queued = this.queue;
    this.queue = [];
    const reason = `${START_FAILURES_BEFORE_GIVING_UP} worker processes in a row failed to start (last one ${how})`;
    this.log(reason);
    for (const entry of queued) this.fail(entry, new PoolTaskError('crashed', reason));
  }

  private kill(worker: PoolWorker): void {
    worker.state = 'stopping';
    this.clearTimer(worker);
    try {
      worker.process.kill();
    } catch (error) {
      this.log(`could not kill worker ${worker.process.pid}: ${errorText(error)}`);
    }
  }

  private send(worker: PoolWorker, message: ToWorkerMessage): void {
    try {
      worker.process.postMessage(message);
    } catch (error) {
      this.log(`could not send '${message.type}' to worker ${worker.process.pid}: ${errorText(error)}`);
    }
  }

  private fulfil(entry: TaskEntry, value: unknown): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.resolve(value);
  }

  private fail(entry: TaskEntry, error: PoolTaskError): void {
    if (entry.settled) return;
    entry.settled = true;
    entry.reject(error);
  }

  /** A throwing caller-supplied handler is the caller's bug; it must not break the pool's bookkeeping. */
  private callHandler(entry: TaskEntry, name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log(`${name} handler of task ${entry.id} threw: ${errorText(error)}`);
    }
  }

  /** Each worker has at most one pending timer: start timeout, cancel grace, idle or shutdown grace. */
  private setTimer(worker: PoolWorker, ms: number, fire: () => void): void {
    this.clearTimer(worker);
    worker.timer = setTimeout(() => {
      worker.timer = undefined;
      fire();
    }, ms);
  }

  private clearTimer(worker: PoolWorker): void {
    clearTimeout(worker.timer);
    worker.timer = undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
