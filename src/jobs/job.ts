/** A job (§6.1) and its wire summary (§3.0.1 JobSummary). */
import type { EngineResult, JobType } from '../engine/contract.js';
import { isoTimestamp } from '../server/clock.js';
import { newId } from '../sessions/ids.js';

export type JobState = 'queued' | 'running' | 'cancelling' | 'complete' | 'failed' | 'cancelled';
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(['complete', 'failed', 'cancelled']);

export interface JobError {
  /** `interrupted`: the server stopped while the job ran (restored from saved state). */
  code: 'internal_error' | 'cancelled' | 'interrupted';
  message: string;
}

export class Job {
  status: JobState = 'queued';
  startedAt: Date | null = null;
  completedAt: Date | null = null;
  stage: string | null = null;
  fraction: number | null = null;
  lastMessage: string | null = null;
  error: JobError | null = null;
  result: EngineResult | null = null;
  /** The first progress-loop node seen: its counters define `fraction` (§7.3). */
  rootNodeId: string | null = null;

  constructor(
    readonly type: JobType,
    readonly sessionId: string,
    readonly algorithm: string,
    readonly submittedAt: Date,
    /** Global submission order, for FIFO promotion and `queue_position`. */
    readonly sequence: number,
    readonly id: string = newId('job'),
  ) {}

  get isTerminal(): boolean {
    return TERMINAL_STATES.has(this.status);
  }

  get isActive(): boolean {
    return this.status === 'running' || this.status === 'cancelling';
  }
}

export function jobSummary(job: Job, queuePosition: number | null) {
  return {
    job_id: job.id,
    type: job.type,
    status: job.status,
    submitted_at: isoTimestamp(job.submittedAt),
    started_at: job.startedAt ? isoTimestamp(job.startedAt) : null,
    completed_at: job.completedAt ? isoTimestamp(job.completedAt) : null,
    stage: job.stage,
    fraction: job.fraction,
    last_message: job.lastMessage,
    error: job.error,
    ...(job.status === 'queued' && queuePosition !== null ? { queue_position: queuePosition } : {}),
  };
}
