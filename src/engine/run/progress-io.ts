/**
 * The run's connection to its job: progress envelopes out, cancellation in. Wraps the
 * job's `checkpoint` so the run can tell a cancellation (the checkpoint rejected) from
 * an algorithm failing, which decides `aborted` vs `error` on graph nodes and whether
 * `on_error: "continue"` may swallow the failure.
 */
import type { ProgressEnvelope } from '../contract.js';
import type { UnitDispatch } from './unit-contract.js';

export interface JobIo {
  progress(envelope: ProgressEnvelope): void;
  checkpoint(): Promise<void>;
  /** Runs units of the job on other workers; absent: they run here, one after another. */
  units?: UnitDispatch;
}

export type MessageLevel = 'info' | 'start' | 'done';

/** Milliseconds since the epoch, sub-millisecond, comparable between processes of one machine. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

export class RunIo {
  private cancelled = false;

  /**
   * `origin`: wall-clock start of the run (`wallClock()`); session-table times are relative
   * to it, also for the parts of the run done by other workers, which are given the lead's.
   */
  constructor(
    readonly job: JobIo,
    readonly origin: number = wallClock(),
  ) {}

  /** Rejects (and marks the run cancelled) when the job was cancelled. */
  readonly checkpoint = async (): Promise<void> => {
    try {
      await this.job.checkpoint();
    } catch (error) {
      this.cancelled = true;
      throw error;
    }
  };

  get wasCancelled(): boolean {
    return this.cancelled;
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return wallClock() - this.origin;
  }

  emit(envelope: ProgressEnvelope): void {
    this.job.progress(envelope);
  }

  /** A plain console line (rtemis `msg()`): `caller` is the emitting step. */
  message(caller: string | null, text: string, level: MessageLevel = 'info'): void {
    this.emit({ caller, message: text, ts: timestamp(), level });
  }
}

/** `YYYY-MM-DD HH:MM:SS`, worker local time (protocol §7.3). */
export function timestamp(date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}
