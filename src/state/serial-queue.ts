/**
 * Tasks run one at a time, in the order they were queued. One queue per session keeps its
 * files consistent: a job's input is linked after its data file exists, a deletion runs
 * after the writes queued before it, and a reply that waits for "everything queued so far"
 * waits for exactly the writes its request caused.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Queues `task`; the returned promise settles with it. A failed task does not stop the queue. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Settles when every task queued so far has. */
  drained(): Promise<void> {
    return this.tail;
  }
}
