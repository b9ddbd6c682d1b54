/**
 * The run's connection to its job: progress envelopes out, cancellation in. Wraps the
 * job's `checkpoint` so the run can tell a cancellation (the checkpoint rejected) from
 * an algorithm failing, which decides `aborted` vs `error` on graph nodes and whether
 * `on_error: "continue"` may swallow the failure.
 */
import type { ProgressEnvelope } from '../contract.js';

export interface JobIo {
  progress(envelope: ProgressEnvelope): void;
  checkpoint(): Promise<void>;
}

export type MessageLevel = 'info' | 'start' | 'done';

export class RunIo {
  private cancelled = false;
  /** performance.now() at the start of the run: session-table times are relative to it. */
  readonly origin = performance.now();

  constructor(private readonly io: JobIo) {}

  /** Rejects (and marks the run cancelled) when the job was cancelled. */
  readonly checkpoint = async (): Promise<void> => {
    try {
      await this.io.checkpoint();
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
    return performance.now() - this.origin;
  }

  emit(envelope: ProgressEnvelope): void {
    this.io.progress(envelope);
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
