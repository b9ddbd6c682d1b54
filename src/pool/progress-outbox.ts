/**
 * A worker's progress messages wait here until the event loop turns, or until another message
 * is about to leave (so order across kinds holds), and then go out as one message per run of
 * the same task. A fold of a small job emits a dozen events within a millisecond; sent one by
 * one, each cost a wake-up of the pool's process and a write to the client, which on a busy
 * machine took a core's worth of time from the job (wine Ranger on 2 workers: ~25 ms of ~130).
 */
import type { FromWorkerMessage } from './messages.js';

interface Pending {
  taskId: string;
  message: unknown;
}

export class ProgressOutbox {
  private pending: Pending[] = [];
  private scheduled = false;

  /**
   * `send` throws when a message cannot be cloned; `onUnsendable` then hears which task's
   * progress was lost (the rest of the batch is still sent).
   */
  constructor(
    private readonly send: (message: FromWorkerMessage) => void,
    private readonly onUnsendable: (taskId: string, error: Error) => void,
  ) {}

  add(taskId: string, message: unknown): void {
    this.pending.push({ taskId, message });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Sends what waits now; called before any other message leaves the worker. */
  flush(): void {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    this.pending = [];
    for (let from = 0; from < pending.length; ) {
      const taskId = pending[from]!.taskId;
      let to = from + 1;
      while (to < pending.length && pending[to]!.taskId === taskId) to++;
      this.sendRun(taskId, pending.slice(from, to).map((item) => item.message));
      from = to;
    }
  }

  private sendRun(taskId: string, messages: unknown[]): void {
    try {
      this.send({ type: 'progress', taskId, messages });
    } catch {
      // One message in the run cannot be cloned: the others still go, each on its own.
      for (const message of messages) {
        try {
          this.send({ type: 'progress', taskId, messages: [message] });
        } catch (error) {
          this.onUnsendable(taskId, error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
  }
}
