/**
 * The worker side of the pool: a worker script calls `serveTasks(handler)` once.
 * Runs under Node (forked: process.send / process.on('message')) and under Electron's
 * utilityProcess (process.parentPort). A task may hand subtasks to the pool and wait for
 * them (`runSubtasks`); while every task here waits, the pool may start another one here.
 */
import { describeInvalid, toWorkerMessage, type FromWorkerMessage, type SubtaskOutcome } from './messages.js';
import { ProgressOutbox } from './progress-outbox.js';

export type { SubtaskOutcome } from './messages.js';

export interface SubtaskOptions {
  /** At most this many of the subtasks run at once; null or absent: as many as the pool gives. */
  limit?: number | null;
  /** This worker runs nothing but these subtasks until they have all settled (it holds memory for them). */
  exclusive?: boolean;
  /** Called as each subtask settles (in settling order) with its index in `tasks`. */
  onSettled?(index: number, outcome: SubtaskOutcome): void;
  /** Stop at the first failure: the others are cancelled and the call rejects with SubtaskFailedError. */
  stopOnError?: boolean;
}

export interface TaskContext {
  /**
   * Forward a progress message to the task's `onProgress` in the pool, in order, all before the
   * task's outcome. Sent when the event loop turns; one that cannot be cloned fails the task.
   */
  progress(message: unknown): void;
  /** Yield to the event loop; rejects with TaskCancelledError once the task was cancelled. */
  checkpoint(): Promise<void>;
  signal: AbortSignal;
  /**
   * Runs `tasks` as subtasks on the pool's workers (this one included while it waits) and
   * resolves with every outcome, in `tasks` order. Rejects with TaskCancelledError when this
   * task is cancelled (its subtasks are cancelled by the pool).
   */
  runSubtasks(tasks: unknown[], options?: SubtaskOptions): Promise<SubtaskOutcome[]>;
}

export type TaskHandler = (task: unknown, context: TaskContext) => Promise<unknown>;

export interface ServeOptions {
  /** The pool ended `group` (a job): drop whatever was kept for it. */
  onRelease?(group: string): void;
}

export class TaskCancelledError extends Error {
  override readonly name = 'TaskCancelledError';
  constructor() {
    super('task cancelled');
  }
}

/** A subtask failed and the caller asked to stop at the first failure. */
export class SubtaskFailedError extends Error {
  override readonly name = 'SubtaskFailedError';
  constructor(
    readonly index: number,
    readonly outcome: Extract<SubtaskOutcome, { ok: false }>,
  ) {
    super(outcome.message);
  }
}

interface ParentChannel {
  send(message: FromWorkerMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Acknowledge a shutdown and exit, only after everything sent so far has left the process. */
  exitGracefully(): void;
}

/** Electron's ParentPort, reduced to what we use (src/ must not import electron). */
interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

function isParentPort(value: unknown): value is ParentPortLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ParentPortLike>).postMessage === 'function' &&
    typeof (value as Partial<ParentPortLike>).on === 'function'
  );
}

function connectToParent(): ParentChannel {
  const parentPort: unknown = Reflect.get(process, 'parentPort');
  if (isParentPort(parentPort)) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      exitGracefully: () => {
        parentPort.postMessage({ type: 'exiting' } satisfies FromWorkerMessage);
        // postMessage has no completion callback; one macrotask lets the port hand the message over.
        setTimeout(() => process.exit(0), 0);
      },
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('serveTasks: not running as a pool worker (no IPC channel)');
  // Nobody left to report to: a worker must not outlive its pool.
  process.on('disconnect', () => process.exit(0));
  return {
    send: (message) => {
      send(message);
    },
    onMessage: (listener) => process.on('message', listener),
    // process.exit() drops queued IPC writes; the send callback fires once ours (the last) is written.
    exitGracefully: () => {
      send({ type: 'exiting' } satisfies FromWorkerMessage, undefined, undefined, () => process.exit(0));
    },
  };
}

let serving = false;

interface RunningTask {
  controller: AbortController;
  /** runSubtasks calls in progress: while there is one, the task is waiting, not computing. */
  waiting: number;
  /** Subtask id → where its outcome goes. */
  pending: Map<string, (outcome: SubtaskOutcome) => void>;
  subtaskCount: number;
  /** Set when a progress message of this task could not be sent; the task then ends as an error. */
  unsendableProgress: Error | null;
}

export function serveTasks(handler: TaskHandler, options: ServeOptions = {}): void {
  if (serving) throw new Error('serveTasks: already serving');
  serving = true;
  const channel = connectToParent();
  const running = new Map<string, RunningTask>();
  const outbox = new ProgressOutbox(
    (message) => channel.send(message),
    (taskId, error) => {
      const state = running.get(taskId);
      if (state !== undefined) state.unsendableProgress ??= error;
    },
  );
  // Whatever else leaves the worker goes after the progress reported before it.
  const parent: ParentChannel = {
    send: (message) => {
      outbox.flush();
      channel.send(message);
    },
    onMessage: (listener) => channel.onMessage(listener),
    exitGracefully: () => {
      outbox.flush();
      channel.exitGracefully();
    },
  };

  const runSubtasks = (taskId: string, state: RunningTask, tasks: unknown[], subtaskOptions: SubtaskOptions = {}): Promise<SubtaskOutcome[]> => {
    const { signal } = state.controller;
    if (signal.aborted) return Promise.reject(new TaskCancelledError());
    if (tasks.length === 0) return Promise.resolve([]);
    const ids = tasks.map(() => `${taskId}.${(state.subtaskCount += 1)}`);
    const outcomes: SubtaskOutcome[] = new Array(tasks.length);
    state.waiting += 1;
    return new Promise<SubtaskOutcome[]>((resolve, reject) => {
      let remaining = tasks.length;
      let done = false;
      const finish = (error: Error | null): void => {
        if (done) return;
        done = true;
        state.waiting -= 1;
        for (const id of ids) state.pending.delete(id);
        signal.removeEventListener('abort', onAbort);
        if (error === null) resolve(outcomes);
        else reject(error);
      };
      const onAbort = (): void => finish(new TaskCancelledError());
      signal.addEventListener('abort', onAbort);
      ids.forEach((id, index) => {
        state.pending.set(id, (outcome) => {
          outcomes[index] = outcome;
          remaining -= 1;
          try {
            subtaskOptions.onSettled?.(index, outcome);
          } catch (error) {
            parent.send({ type: 'cancel-subtasks', taskId });
            finish(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (!outcome.ok && subtaskOptions.stopOnError) {
            parent.send({ type: 'cancel-subtasks', taskId });
            finish(new SubtaskFailedError(index, outcome));
          } else if (remaining === 0) finish(null);
        });
      });
      try {
        parent.send({
          type: 'spawn',
          taskId,
          subtasks: ids.map((subtaskId, index) => ({ subtaskId, task: tasks[index] })),
          limit: subtaskOptions.limit ?? null,
          exclusive: subtaskOptions.exclusive ?? false,
        });
      } catch (error) {
        // Only a task that cannot be structured-cloned gets here; nothing was spawned.
        finish(new Error(`subtasks could not be sent: ${(error as Error).message}`));
      }
    });
  };

  const runTask = async (taskId: string, task: unknown): Promise<void> => {
    const state: RunningTask = { controller: new AbortController(), waiting: 0, pending: new Map(), subtaskCount: 0, unsendableProgress: null };
    running.set(taskId, state);
    const { signal } = state.controller;
    const context: TaskContext = {
      signal,
      progress: (message) => {
        if (running.has(taskId)) outbox.add(taskId, message);
      },
      checkpoint: async () => {
        signal.throwIfAborted();
        await new Promise<void>((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
      },
      runSubtasks: (tasks, subtaskOptions) => runSubtasks(taskId, state, tasks, subtaskOptions),
    };
    let outcome: FromWorkerMessage;
    try {
      const value = await handler(task, context);
      outcome = signal.aborted ? { type: 'cancelled', taskId } : { type: 'result', taskId, value };
    } catch (error) {
      outcome = signal.aborted ? { type: 'cancelled', taskId } : { type: 'error', taskId, ...describeError(error) };
    }
    outbox.flush();
    if (state.unsendableProgress !== null && outcome.type === 'result') {
      outcome = { type: 'error', taskId, ...describeError(state.unsendableProgress, 'progress could not be sent: ') };
    }
    running.delete(taskId);
    try {
      parent.send(outcome);
    } catch (error) {
      // Only a result can fail to send: a value that cannot be structured-cloned.
      parent.send({ type: 'error', taskId, ...describeError(error, 'result could not be sent: ') });
    }
  };

  parent.onMessage((raw) => {
    const parsed = toWorkerMessage.safeParse(raw);
    if (!parsed.success) {
      console.error(`[pool worker ${process.pid}] dropped invalid message (${describeInvalid(raw, parsed.error)})`);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'run': {
        // Another task may start only while every task here waits on its subtasks.
        const busy = [...running].find(([, state]) => state.waiting === 0);
        if (busy !== undefined) {
          parent.send({ type: 'error', taskId: message.taskId, message: `worker is busy with task ${busy[0]}` });
          return;
        }
        void runTask(message.taskId, message.task);
        return;
      }
      case 'cancel':
        running.get(message.taskId)?.controller.abort(new TaskCancelledError());
        return;
      case 'subresult':
        running.get(message.taskId)?.pending.get(message.subtaskId)?.(message.outcome);
        return;
      case 'release':
        try {
          options.onRelease?.(message.group);
        } catch (error) {
          console.error(`[pool worker ${process.pid}] release of ${message.group} failed: ${(error as Error).message}`);
        }
        return;
      case 'shutdown':
        if (running.size === 0) parent.exitGracefully();
        return;
    }
  });
  parent.send({ type: 'ready' });
}

function describeError(error: unknown, prefix = ''): { message: string; name?: string; stack?: string } {
  if (error instanceof Error) {
    return { message: prefix + error.message, name: error.name, ...(error.stack === undefined ? {} : { stack: error.stack }) };
  }
  return { message: prefix + String(error) };
}
