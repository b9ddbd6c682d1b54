/** Why a pool task's `result` rejected. */
export type PoolTaskErrorKind =
  /** cancel() was called, or the pool closed, before the task finished. */
  | 'cancelled'
  /** The worker process died (or never started) while the task depended on it. */
  | 'crashed'
  /** The handler threw, or the task/result could not cross the process boundary. */
  | 'error';

export class PoolTaskError extends Error {
  override readonly name = 'PoolTaskError';
  constructor(
    readonly kind: PoolTaskErrorKind,
    message: string,
    /** For kind 'error' thrown in a worker: the worker-side error's name and stack. */
    readonly worker?: { name?: string; stack?: string },
  ) {
    super(message);
  }
}
