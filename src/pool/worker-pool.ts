/**
 * A pool of worker processes (semantics after piscina/tinypool): lazy spawn up to maxWorkers,
 * reuse of idle workers, cooperative cancel with a kill after a grace period, crash isolation
 * with backoff, idle reaping.
 *
 * A running task may hand subtasks to the pool and wait for them (`spawn`): while it waits,
 * its worker counts as free and takes other tasks — first the subtasks of what it hosts — so
 * one job's folds, grid cells and tree batches spread over every worker (a task may ask that
 * its worker take nothing but its own subtasks meanwhile: `exclusive`). Tasks belong to
 * groups (jobs) that share a worker limit and take turns (task-choice.ts). Cancelling a task
 * cancels its subtasks; a task that ends leaves no subtask behind; a crashed worker fails
 * only the tasks it was running, and a parent hears of it as that subtask's failure.
 * The process runtime is injected (WorkerSpawner), so the same pool runs under Node and Electron.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describeInvalid, fromWorkerMessage, type SubtaskOutcome, type ToWorkerMessage } from './messages.js';
import { PoolTaskError } from './pool-task-error.js';
import { chooseTask, type ChoiceGroup, type ChoiceTask } from './task-choice.js';
import type { WorkerProcess, WorkerSpawner } from './worker-process.js';
import { workerV8Flags } from './worker-v8-flags.js';

export { PoolTaskError, type PoolTaskErrorKind } from './pool-task-error.js';

export interface WorkerPoolOptions {
  /** Absolute path of the worker script (it calls serveTasks). */
  script: string;
  spawn: WorkerSpawner;
  /** At most this many worker processes alive at once. Default 1. */
  maxWorkers?: number;
  /** Cores the workers share, which decides their V8 flags (worker-v8-flags.ts). Default: the machine's. */
  cores?: number;
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
  /** Progress of the task and of every subtask it spawns. */
  onProgress?(message: unknown): void;
  /** Called when the task leaves the queue for a worker. */
  onStart?(): void;
}

export interface RunOptions extends TaskHandlers {
  /** Tasks of one group (and their subtasks) share `groupLimit` workers and take turns with other groups. */
  group?: string;
  /** At most this many tasks of the group run at once; tasks waiting on subtasks do not count. Default: no limit. */
  groupLimit?: number;
  /**
   * Workers the task will soon want (it hands out subtasks): started now, alongside the one
   * it needs, rather than one by one as its subtasks queue up. Default 1.
   */
  prestart?: number;
}

export interface PoolTask {
  readonly id: string;
  /** Resolves with the handler's value; rejects with a PoolTaskError. */
  readonly result: Promise<unknown>;
  cancel(): void;
}

export interface PoolStats {
  workers: number;
  /** Workers computing at least one task (not only waiting on subtasks). */
  busy: number;
  queued: number;
}

/** What one worker process is doing, for status displays. */
export interface WorkerActivity {
  pid: number | undefined;
  /** Groups of the tasks it computes now, and of those that wait on subtasks. */
  running: string[];
  waiting: string[];
}

/** After this many workers in a row die before reporting ready, the queued tasks fail instead of waiting forever. */
const START_FAILURES_BEFORE_GIVING_UP = 3;

interface Group extends ChoiceGroup {
  key: string;
  /** Unsettled tasks; the group is forgotten at 0. */
  tasks: number;
}

interface TaskEntry extends ChoiceTask<PoolWorker> {
  id: string;
  payload: unknown;
  group: Group;
  parent: TaskEntry | null;
  root: TaskEntry;
  handlers: TaskHandlers;
  /** Roots only: settle the caller's promise. */
  resolve(value: unknown): void;
  reject(error: PoolTaskError): void;
  settled: boolean;
  cancelRequested: boolean;
  /** When cancel was sent to its worker (for the grace period). */
  cancelledAt: number;
  worker: PoolWorker | undefined;
  /** Unsettled subtasks; while there are any, the task waits and its worker is free. */
  children: Set<TaskEntry>;
  /** Its subtasks were spawned exclusive: while they are unsettled, its worker takes nothing else. */
  exclusive: boolean;
  nextChildIndex: number;
}

interface PoolWorker {
  process: WorkerProcess;
  /** 'stopping' = the pool asked it to exit or killed it; it still counts against maxWorkers until it is gone. */
  state: 'starting' | 'ready' | 'stopping';
  ready: boolean;
  tasks: Map<string, TaskEntry>;
  timer: NodeJS.Timeout | undefined;
  timerKind: 'start' | 'idle' | 'shutdown' | 'cancel' | undefined;
  exited: Promise<void>;
  markExited(): void;
}

export class WorkerPool {
  private readonly script: string;
  private readonly spawn: WorkerSpawner;
  private readonly maxWorkers: number;
  private readonly v8Flags: readonly string[];
  private readonly cancelGraceMs: number;
  private readonly idleTimeoutMs: number;
  private readonly respawnBackoffMs: number;
  private readonly respawnBackoffMaxMs: number;
  private readonly startTimeoutMs: number;
  private readonly log: (line: string) => void;

  private readonly workers = new Set<PoolWorker>();
  private queue: TaskEntry[] = [];
  private readonly live = new Map<string, TaskEntry>();
  private readonly groups = new Map<string, Group>();
  private groupCount = 0;
  private rootCount = 0;
  private dispatchCount = 0;
  private consecutiveCrashes = 0;
  private startFailures = 0;
  private spawnNotBefore = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.script = options.script;
    this.spawn = options.spawn;
    this.maxWorkers = Math.max(1, Math.floor(options.maxWorkers ?? 1));
    this.v8Flags = workerV8Flags(this.maxWorkers, options.cores ?? availableParallelism());
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.respawnBackoffMs = options.respawnBackoffMs ?? 100;
    this.respawnBackoffMaxMs = Math.max(this.respawnBackoffMs, options.respawnBackoffMaxMs ?? 10_000);
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.log = options.log ?? ((line) => console.warn(`[worker-pool] ${line}`));
  }

  /** Worker processes this pool may run at once. */
  get size(): number {
    return this.maxWorkers;
  }

  get stats(): PoolStats {
    let busy = 0;
    for (const worker of this.workers) if (activeCount(worker) > 0) busy += 1;
    return { workers: this.workers.size, busy, queued: this.queue.length };
  }

  activity(): WorkerActivity[] {
    return [...this.workers].map((worker) => {
      const tasks = [...worker.tasks.values()];
      return {
        pid: worker.process.pid,
        running: tasks.filter(isComputing).map((task) => task.group.key),
        waiting: tasks.filter((task) => !isComputing(task)).map((task) => task.group.key),
      };
    });
  }

  run(task: unknown, options: RunOptions = {}): PoolTask {
    let resolve!: (value: unknown) => void;
    let reject!: (error: PoolTaskError) => void;
    const result = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // cancel() is often fire-and-forget: a rejection nobody awaits must not take the process down.
    result.catch(() => {});
    const id = randomUUID();
    const group = this.groupFor(options.group ?? `task:${id}`, options.groupLimit);
    const entry = this.newEntry(id, task, group, null, [(this.rootCount += 1)], { onProgress: options.onProgress, onStart: options.onStart });
    entry.resolve = resolve;
    entry.reject = reject;
    if (this.closing !== undefined) {
      this.settle(entry, new PoolTaskError('cancelled', 'the pool is closed'));
    } else {
      this.queue.push(entry);
      this.pump();
      this.prestart(options.prestart ?? 1);
    }
    return { id, result, cancel: () => this.cancel(entry) };
  }

  /** Tells every worker that `group` is over, so what it cached for the group can be dropped. */
  release(group: string): void {
    for (const worker of this.workers) if (worker.ready && worker.state !== 'stopping') this.send(worker, { type: 'release', group });
  }

  /** Cancels and kills everything; resolves once no worker process is left alive. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      clearTimeout(this.respawnTimer);
      // Set first, so settling below does not pump new work onto the workers being killed.
      const exits = [...this.workers].map((worker) => worker.exited);
      this.closing = Promise.all(exits).then(() => undefined);
      for (const entry of [...this.live.values()]) this.settle(entry, new PoolTaskError('cancelled', 'the pool was closed'));
      for (const worker of this.workers) this.kill(worker);
    }
    return this.closing;
  }

  /** Starts workers until `count` are alive or starting (within maxWorkers and the crash backoff). */
  private prestart(count: number): void {
    let missing = Math.min(count, this.maxWorkers) - this.workers.size;
    while (missing > 0 && Date.now() >= this.spawnNotBefore) {
      if (this.startWorker()) missing -= 1;
    }
  }

  private groupFor(key: string, limit: number | undefined): Group {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, active: 0, limit: Infinity, lastServed: 0, order: (this.groupCount += 1), tasks: 0 };
      this.groups.set(key, group);
    }
    if (limit !== undefined) group.limit = Math.max(1, Math.floor(limit));
    return group;
  }

  private newEntry(id: string, payload: unknown, group: Group, parent: TaskEntry | null, path: number[], handlers: TaskHandlers): TaskEntry {
    const entry: TaskEntry = {
      id,
      payload,
      group,
      parent,
      root: undefined as unknown as TaskEntry,
      handlers,
      resolve: () => {},
      reject: () => {},
      settled: false,
      cancelRequested: false,
      cancelledAt: 0,
      worker: undefined,
      children: new Set(),
      exclusive: false,
      nextChildIndex: 0,
      path,
      depth: parent === null ? 0 : parent.depth + 1,
      childLimit: Infinity,
      startedChildren: 0,
    };
    entry.root = parent === null ? entry : parent.root;
    group.tasks += 1;
    this.live.set(id, entry);
    return entry;
  }

  private cancel(entry: TaskEntry): void {
    if (entry.settled || entry.cancelRequested) return;
    entry.cancelRequested = true;
    for (const child of [...entry.children]) this.cancel(child);
    const worker = entry.worker;
    if (worker === undefined) {
      this.settle(entry, new PoolTaskError('cancelled', 'cancelled before it started'));
      this.pump();
      return;
    }
    entry.cancelledAt = Date.now();
    this.send(worker, { type: 'cancel', taskId: entry.id });
    this.refreshTimer(worker);
  }

  /** Hands queued tasks to free workers, spawns workers for what is left (respecting backoff), arms idle timers. */
  private pump(): void {
    if (this.closing !== undefined) return;
    this.countActiveWorkers();
    for (;;) {
      let dispatched = false;
      for (const worker of this.workers) {
        if (!isFree(worker)) continue;
        const entry = chooseTask(this.queue, worker, exclusiveHost(worker));
        if (entry === undefined) continue;
        this.dispatch(worker, entry);
        dispatched = true;
      }
      if (!dispatched) break;
    }
    this.spawnForQueue();
    for (const worker of this.workers) this.refreshTimer(worker);
  }

  /**
   * Sets each group's `active` to the workers computing one of its tasks. Workers, not tasks: a
   * worker that took other work while its task waited holds both once the waiting one wakes up,
   * yet computes one at a time; counting two would keep another worker of the group idle.
   */
  private countActiveWorkers(): void {
    for (const group of this.groups.values()) group.active = 0;
    for (const worker of this.workers) {
      const computing = new Set<Group>();
      for (const entry of worker.tasks.values()) if (isComputing(entry)) computing.add(entry.group);
      for (const group of computing) group.active += 1;
    }
  }

  private spawnForQueue(): void {
    let starting = 0;
    for (const worker of this.workers) if (worker.state === 'starting') starting += 1;
    const runnable = this.queue.filter(
      (entry) => entry.group.active < entry.group.limit && (entry.parent === null || entry.parent.startedChildren < entry.parent.childLimit),
    ).length;
    let wanted = Math.min(runnable - starting, this.maxWorkers - this.workers.size);
    while (wanted > 0) {
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

  private startWorker(): boolean {
    let child: WorkerProcess;
    try {
      child = this.spawn(this.script, this.v8Flags);
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
      tasks: new Map(),
      timer: undefined,
      timerKind: undefined,
      exited,
      markExited,
    };
    this.workers.add(worker);
    child.onMessage((message) => this.onMessage(worker, message));
    child.onExit((code, signal) => this.onExit(worker, code, signal));
    this.setTimer(worker, 'start', this.startTimeoutMs, () => {
      this.log(`worker ${child.pid} did not report ready within ${this.startTimeoutMs} ms; killing it`);
      this.kill(worker);
    });
    return true;
  }

  private dispatch(worker: PoolWorker, entry: TaskEntry): void {
    this.queue = this.queue.filter((queued) => queued !== entry);
    const message: ToWorkerMessage = { type: 'run', taskId: entry.id, task: entry.payload, group: entry.group.key };
    try {
      worker.process.postMessage(message);
    } catch (error) {
      // Typically a task that cannot be structured-cloned; the worker never saw it and stays usable.
      this.settle(entry, new PoolTaskError('error', `task could not be sent to a worker: ${errorText(error)}`));
      return;
    }
    worker.tasks.set(entry.id, entry);
    entry.worker = worker;
    // The worker was free, so it is one more worker the group computes on.
    entry.group.active += 1;
    entry.group.lastServed = this.dispatchCount += 1;
    if (entry.parent !== null) entry.parent.startedChildren += 1;
    if (entry.parent === null) {
      // Deferred so that a caller dispatched straight from run() already holds its PoolTask; still before any progress.
      queueMicrotask(() => this.callHandler(entry, 'onStart', () => entry.handlers.onStart?.()));
    }
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
        worker.state = 'ready';
        this.clearTimer(worker);
        this.startFailures = 0;
        this.pump();
        return;
      case 'exiting':
        return;
      case 'progress': {
        const entry = worker.tasks.get(message.taskId);
        if (entry === undefined || entry.settled) return;
        const root = entry.root;
        for (const progress of message.messages) {
          if (root.settled) break;
          this.callHandler(root, 'onProgress', () => root.handlers.onProgress?.(progress));
        }
        return;
      }
      case 'result':
      case 'error':
      case 'cancelled': {
        const entry = worker.tasks.get(message.taskId);
        if (entry === undefined) {
          this.log(`dropped '${message.type}' for task ${message.taskId}, which worker ${worker.process.pid} is not running`);
          return;
        }
        this.consecutiveCrashes = 0;
        if (entry.cancelRequested || message.type === 'cancelled') {
          this.settle(entry, new PoolTaskError('cancelled', 'cancelled while running'));
        } else if (message.type === 'error') {
          this.settle(entry, new PoolTaskError('error', message.message, { name: message.name, stack: message.stack }));
        } else {
          this.settle(entry, { value: message.value });
        }
        this.pump();
        return;
      }
      case 'spawn': {
        const parent = worker.tasks.get(message.taskId);
        if (parent === undefined || parent.settled) {
          this.log(`dropped 'spawn' from task ${message.taskId}, which worker ${worker.process.pid} is not running`);
          return;
        }
        if (message.subtasks.some(({ subtaskId }) => this.live.has(subtaskId))) {
          this.log(`dropped 'spawn' from task ${message.taskId}: a subtask id is already in use`);
          return;
        }
        // The parent now waits: its worker is free for other work.
        parent.childLimit = message.limit ?? Infinity;
        parent.exclusive = message.exclusive;
        for (const { subtaskId, task } of message.subtasks) {
          const path = [...parent.path, (parent.nextChildIndex += 1)];
          const child = this.newEntry(subtaskId, task, parent.group, parent, path, {});
          parent.children.add(child);
          this.queue.push(child);
        }
        if (parent.cancelRequested) for (const child of [...parent.children]) this.cancel(child);
        this.pump();
        return;
      }
      case 'cancel-subtasks': {
        const parent = worker.tasks.get(message.taskId);
        if (parent !== undefined) for (const child of [...parent.children]) this.cancel(child);
        this.pump();
        return;
      }
    }
  }

  private onExit(worker: PoolWorker, code: number | null, signal: NodeJS.Signals | null): void {
    if (!this.workers.delete(worker)) return;
    this.clearTimer(worker);
    worker.markExited();
    const how = signal !== null ? `was killed by ${signal}` : code !== null ? `exited with code ${code}` : 'exited';
    for (const entry of [...worker.tasks.values()]) {
      this.settle(
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

  /**
   * Ends a task exactly once: its subtasks are cancelled (nobody waits for them any more), a
   * root's caller gets the value or error, a subtask's parent gets its outcome.
   */
  private settle(entry: TaskEntry, outcome: { value: unknown } | PoolTaskError): void {
    if (entry.settled) return;
    entry.settled = true;
    this.live.delete(entry.id);
    const worker = entry.worker;
    if (worker === undefined) {
      this.queue = this.queue.filter((queued) => queued !== entry);
    } else {
      worker.tasks.delete(entry.id);
    }
    for (const child of [...entry.children]) this.cancel(child);
    entry.group.tasks -= 1;
    if (entry.group.tasks === 0) this.groups.delete(entry.group.key);

    const parent = entry.parent;
    if (parent === null) {
      if (outcome instanceof PoolTaskError) entry.reject(outcome);
      else entry.resolve(outcome.value);
    } else {
      parent.children.delete(entry);
      if (worker !== undefined) parent.startedChildren -= 1;
      if (!parent.settled && parent.worker !== undefined) {
        // The last outcome wakes the parent up: it computes again.
        const subtaskOutcome: SubtaskOutcome =
          outcome instanceof PoolTaskError ? { ok: false, kind: outcome.kind, message: outcome.message } : { ok: true, value: outcome.value };
        this.sendOutcome(parent, entry, subtaskOutcome);
      }
    }
    if (worker !== undefined) this.refreshTimer(worker);
  }

  private sendOutcome(parent: TaskEntry, child: TaskEntry, outcome: SubtaskOutcome): void {
    const worker = parent.worker!;
    try {
      worker.process.postMessage({ type: 'subresult', taskId: parent.id, subtaskId: child.id, outcome } satisfies ToWorkerMessage);
    } catch (error) {
      this.log(`could not deliver subtask ${child.id} to worker ${worker.process.pid}: ${errorText(error)}`);
      this.send(worker, {
        type: 'subresult',
        taskId: parent.id,
        subtaskId: child.id,
        outcome: { ok: false, kind: 'error', message: `result could not be delivered: ${errorText(error)}` },
      });
    }
  }

  /**
   * One timer per worker, by what it is doing: starting (start timeout), running a task that
   * was cancelled (grace before the kill), hosting nothing (idle reaping).
   */
  private refreshTimer(worker: PoolWorker): void {
    if (worker.state !== 'ready' || !this.workers.has(worker)) return;
    let deadline = Infinity;
    for (const entry of worker.tasks.values()) if (entry.cancelRequested) deadline = Math.min(deadline, entry.cancelledAt + this.cancelGraceMs);
    if (deadline < Infinity) {
      if (worker.timerKind === 'cancel') return;
      this.setTimer(worker, 'cancel', Math.max(0, deadline - Date.now()), () => this.enforceCancel(worker));
      return;
    }
    if (worker.tasks.size === 0 && this.idleTimeoutMs > 0) {
      if (worker.timerKind !== 'idle') this.armIdleTimer(worker);
      return;
    }
    this.clearTimer(worker);
  }

  /** The engine only notices a cancel at its next checkpoint(); one that never comes costs the process. */
  private enforceCancel(worker: PoolWorker): void {
    const now = Date.now();
    const overdue = [...worker.tasks.values()].filter((entry) => entry.cancelRequested && entry.cancelledAt + this.cancelGraceMs <= now);
    if (overdue.length === 0) {
      this.refreshTimer(worker);
      return;
    }
    const others = [...worker.tasks.values()].filter((entry) => !entry.cancelRequested).length;
    this.log(
      `worker ${worker.process.pid} ignored cancel of task ${overdue[0]!.id} for ${this.cancelGraceMs} ms; killing it` +
        (others > 0 ? ` (and ${others} other task${others === 1 ? '' : 's'} it was running)` : ''),
    );
    this.kill(worker);
  }

  private armIdleTimer(worker: PoolWorker): void {
    this.setTimer(worker, 'idle', this.idleTimeoutMs, () => {
      worker.state = 'stopping';
      this.send(worker, { type: 'shutdown' });
      this.setTimer(worker, 'shutdown', this.cancelGraceMs, () => {
        this.log(`worker ${worker.process.pid} did not exit after shutdown; killing it`);
        this.kill(worker);
      });
    });
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
    const reason = `${START_FAILURES_BEFORE_GIVING_UP} worker processes in a row failed to start (last one ${how})`;
    this.log(reason);
    for (const entry of queued) this.settle(entry, new PoolTaskError('crashed', reason));
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

  /** A throwing caller-supplied handler is the caller's bug; it must not break the pool's bookkeeping. */
  private callHandler(entry: TaskEntry, name: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log(`${name} handler of task ${entry.id} threw: ${errorText(error)}`);
    }
  }

  private setTimer(worker: PoolWorker, kind: PoolWorker['timerKind'], ms: number, fire: () => void): void {
    this.clearTimer(worker);
    worker.timerKind = kind;
    worker.timer = setTimeout(() => {
      worker.timer = undefined;
      worker.timerKind = undefined;
      fire();
    }, ms);
  }

  private clearTimer(worker: PoolWorker): void {
    clearTimeout(worker.timer);
    worker.timer = undefined;
    worker.timerKind = undefined;
  }
}

/** A task waiting on subtasks is not computing. */
function isComputing(entry: TaskEntry): boolean {
  return entry.children.size === 0;
}

/** Tasks computing on the worker. */
function activeCount(worker: PoolWorker): number {
  let count = 0;
  for (const entry of worker.tasks.values()) if (isComputing(entry)) count += 1;
  return count;
}

function exclusiveHost(worker: PoolWorker): TaskEntry | null {
  for (const entry of worker.tasks.values()) if (entry.exclusive && entry.children.size > 0) return entry;
  return null;
}

function isFree(worker: PoolWorker): boolean {
  return worker.ready && worker.state === 'ready' && activeCount(worker) === 0;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
