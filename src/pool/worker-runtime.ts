/**
 * The worker side of the pool: a worker script calls `serveTasks(handler)` once.
 * Runs under Node (forked: process.send / process.on('message')) and under Electron's
 * utilityProcess (process.parentPort), one task at a time.
 */
import { describeInvalid, toWorkerMessage, type FromWorkerMessage } from './messages.js';

export interface TaskContext {
  /** Forward a progress message to the task's `onProgress` in the pool, in order. Throws if it cannot be cloned. */
  progress(message: unknown): void;
  /** Yield to the event loop; rejects with TaskCancelledError once the task was cancelled. */
  checkpoint(): Promise<void>;
  signal: AbortSignal;
}

export type TaskHandler = (task: unknown, context: TaskContext) => Promise<unknown>;

export class TaskCancelledError extends Error {
  override readonly name = 'TaskCancelledError';
  constructor() {
    super('task cancelled');
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

export function serveTasks(handler: TaskHandler): void {
  if (serving) throw new Error('serveTasks: already serving');
  serving = true;
  const parent = connectToParent();
  let current: { taskId: string; controller: AbortController } | undefined;

  const runTask = async (taskId: string, task: unknown): Promise<void> => {
    const controller = new AbortController();
    current = { taskId, controller };
    const { signal } = controller;
    const context: TaskContext = {
      signal,
      progress: (message) => {
        if (current?.taskId === taskId) parent.send({ type: 'progress', taskId, message });
      },
      checkpoint: async () => {
        signal.throwIfAborted();
        await new Promise<void>((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
      },
    };
    let outcome: FromWorkerMessage;
    try {
      const value = await handler(task, context);
      outcome = signal.aborted ? { type: 'cancelled', taskId } : { type: 'result', taskId, value };
    } catch (error) {
      outcome = signal.aborted ? { type: 'cancelled', taskId } : { type: 'error', taskId, ...describeError(error) };
    }
    current = undefined;
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
      case 'run':
        if (current !== undefined) {
          parent.send({ type: 'error', taskId: message.taskId, message: `worker is busy with task ${current.taskId}` });
          return;
        }
        void runTask(message.taskId, message.task);
        return;
      case 'cancel':
        if (current?.taskId === message.taskId) current.controller.abort(new TaskCancelledError());
        return;
      case 'shutdown':
        if (current === undefined) parent.exitGracefully();
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
