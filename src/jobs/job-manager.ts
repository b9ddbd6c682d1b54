/**
 * Jobs of every session (§6): submission against the `max_concurrent` cap, FIFO
 * promotion across sessions, progress routing, resolution events, cancellation.
 * Work runs on a worker pool; this class owns the status machine of §6.2. A started job
 * is one pool group: its lead task and every unit it hands out, limited to the workers it
 * was given (job-resources.ts); its data goes to its workers as a file.
 */
import { freemem } from 'node:os';
import { byId } from '../sessions/by-id.js';
import { uniqueId } from '../sessions/ids.js';
import type { EngineTask, JobType } from '../engine/contract.js';
import { isoTimestamp } from '../server/clock.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import type { Session } from '../sessions/session.js';
import { Job, jobSummary } from './job.js';
import { checkEngineResult } from './engine-result-schema.js';
import { JobDataFiles } from './job-data-files.js';
import { planJobResources, type JobShape } from './job-resources.js';
import type { WorkerTask } from './job-worker.js';
import { routeProgress } from './progress-routing.js';

/** What the manager needs from a worker pool (WorkerPool satisfies it). */
export interface JobRunner {
  /** Worker processes the pool may run. */
  readonly size: number;
  run(
    task: unknown,
    options: { onProgress?(message: unknown): void; group: string; groupLimit: number; prestart: number },
  ): { result: Promise<unknown>; cancel(): void };
  /** The group's work is over: workers drop what they kept for it. */
  release(group: string): void;
  /** What each worker process is doing (groups are job ids). */
  activity(): { pid: number | undefined; running: string[]; waiting: string[] }[];
  close(): Promise<void>;
}

/**
 * What the manager needs from the server: its sessions, the concurrency cap, event delivery
 * and change notification (ServerContext satisfies it; the dependency points one way).
 */
export interface JobHost {
  readonly sessions: SessionRegistry;
  readonly options: { readonly maxConcurrent: number };
  emitToSession(session: Session, name: string, data: unknown): void;
  notifyChange(): void;
}

/**
 * Sees job transitions it must record (saved state, src/state/). `finished` may take its
 * time: the resolution event waits for it, so a client never hears of a result that a
 * crash could still lose.
 */
export interface JobObserver {
  /** A queued job was handed to a worker. */
  started(job: Job): void;
  /** A job reached a terminal status. */
  finished(job: Job): Promise<void>;
}

export interface JobSubmission {
  type: JobType;
  algorithm: string;
  config: unknown;
  data: Uint8Array;
  /** Rows and columns of the data, for the memory estimate. */
  shape: JobShape;
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly pending = new Map<string, JobSubmission>();
  private readonly cancellers = new Map<string, () => void>();
  private sequence = 0;
  private observer: JobObserver | null = null;
  /** Set by close(): jobs still queued then are never started. */
  private closed = false;

  private readonly files = new JobDataFiles();

  constructor(
    private readonly server: JobHost,
    private readonly runner: JobRunner,
    /** Free memory in bytes when a job starts (the machine's, by default). */
    private readonly freeMemory: () => number = freemem,
  ) {
    // B.22: a deleted or collected session takes its jobs with it.
    server.sessions.onDeleted((session) => this.dropSessionJobs(session.id));
  }

  /** Worker processes behind the runner (`info.daemons`, heartbeats). */
  get workerCount(): number {
    return this.runner.size;
  }

  workerActivity() {
    return this.runner.activity();
  }

  observe(observer: JobObserver): void {
    this.observer = observer;
  }

  /** Takes back a job restored from saved state; a queued one waits again, in its old order. */
  adopt(job: Job, submission: JobSubmission | null): void {
    this.jobs.set(job.id, job);
    if (job.status === 'queued' && submission) this.pending.set(job.id, submission);
    this.sequence = Math.max(this.sequence, job.sequence);
  }

  /** Starts adopted queued jobs while slots are free. */
  resume(): void {
    this.promote();
  }

  /** Jobs holding a slot: `running` or `cancelling`, over all sessions. */
  get activeCount(): number {
    let count = 0;
    for (const job of this.jobs.values()) if (job.isActive) count += 1;
    return count;
  }

  all(): Job[] {
    return [...this.jobs.values()];
  }

  forSession(sessionId: string): Job[] {
    return this.all()
      .filter((job) => job.sessionId === sessionId)
      .sort(byId);
  }

  find(session: Session, jobId: unknown): Job | undefined {
    const job = typeof jobId === 'string' ? this.jobs.get(jobId) : undefined;
    return job && job.sessionId === session.id ? job : undefined;
  }

  /** 1 + queued jobs submitted earlier, server-wide; null unless queued. */
  queuePosition(job: Job): number | null {
    if (job.status !== 'queued') return null;
    let earlier = 0;
    for (const other of this.jobs.values()) if (other.status === 'queued' && other.sequence < job.sequence) earlier += 1;
    return earlier + 1;
  }

  summary(job: Job) {
    return jobSummary(job, this.queuePosition(job));
  }

  submit(session: Session, submission: JobSubmission, now: Date): Job {
    const id = uniqueId('job', (candidate) => this.jobs.has(candidate));
    const job = new Job(submission.type, session.id, submission.algorithm, now, (this.sequence += 1), id);
    this.jobs.set(job.id, job);
    // Queued jobs keep their turn: a new one starts at once only when nobody waits.
    if (this.pending.size === 0 && this.activeCount < this.server.options.maxConcurrent) this.start(job, submission, now);
    else this.pending.set(job.id, submission);
    this.server.notifyChange();
    return job;
  }

  /** §6.4; returns whether a cancel was requested (`{cancelled}`). */
  cancel(job: Job, now: Date): boolean {
    if (job.isTerminal) return false;
    if (job.status === 'queued') {
      this.pending.delete(job.id);
      this.finish(job, 'cancelled', now, { code: 'cancelled', message: 'Job cancelled before start.' });
      return true;
    }
    job.status = 'cancelling';
    this.cancellers.get(job.id)?.();
    this.server.notifyChange();
    return true;
  }

  /** Removes a terminal job and its result. */
  delete(job: Job): void {
    this.jobs.delete(job.id);
    this.server.notifyChange();
  }

  /** Cancels everything and closes the pool (server shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.jobs.values()) if (!job.isTerminal) this.cancellers.get(job.id)?.();
    this.pending.clear();
    await this.runner.close();
    this.files.close();
  }

  /** Running from now on; the work starts once the data file is written and the memory plan allows it. */
  private start(job: Job, submission: JobSubmission, now: Date): void {
    job.status = 'running';
    job.startedAt = now;
    const plan = planJobResources(submission.type, submission.config, submission.shape, this.runner.size, this.freeMemory());
    if ('problem' in plan) {
      this.finish(job, 'failed', new Date(), { code: 'internal_error', message: plan.problem });
      return;
    }
    this.files.write(job.id, submission.data).then(
      (path) => this.launch(job, submission, path, plan.workers),
      (error: unknown) => this.onWorkerFailed(job, new Error(`Could not hand the data to the workers: ${(error as Error).message}`)),
    );
  }

  private launch(job: Job, submission: JobSubmission, path: string, workers: number): void {
    if (job.status !== 'running') {
      // Cancelled (or its session deleted) while the data was being written.
      if (job.status === 'cancelling') this.finish(job, 'cancelled', new Date(), { code: 'cancelled', message: 'Job cancelled.' });
      this.files.remove(job.id);
      return;
    }
    const engineTask: EngineTask = { jobId: job.id, type: submission.type, config: submission.config, data: { path } };
    const task: WorkerTask = { job: engineTask, unit: null, workers };
    let handle: { result: Promise<unknown>; cancel(): void };
    try {
      handle = this.runner.run(task, {
        onProgress: (envelope) => this.onProgress(job, envelope),
        group: job.id,
        groupLimit: workers,
        // Its units will want every worker it was given: start them with the lead.
        prestart: workers,
      });
    } catch (error) {
      this.finish(job, 'failed', new Date(), { code: 'internal_error', message: `Failed to start queued job: ${(error as Error).message}` });
      return;
    }
    this.cancellers.set(job.id, handle.cancel);
    handle.result.then(
      (value) => this.onWorkerReturned(job, value),
      (error: unknown) => this.onWorkerFailed(job, error),
    );
  }

  private onProgress(job: Job, envelope: unknown): void {
    if (!this.jobs.has(job.id)) return;
    const session = this.server.sessions.get(job.sessionId);
    const data = session ? routeProgress(job, envelope) : null;
    if (!session || !data) return;
    this.server.emitToSession(session, 'job.progress', data);
    this.server.notifyChange();
  }

  private onWorkerReturned(job: Job, value: unknown): void {
    const checked = checkEngineResult(value);
    if ('problem' in checked) {
      this.onWorkerFailed(job, new Error(`The worker returned a malformed result (${checked.problem}).`));
      return;
    }
    const { result } = checked;
    if (job.status === 'cancelling') {
      // Finished despite the cancel: the value is kept but `job.result` refuses it (§6.2).
      job.result = result;
      this.finish(job, 'cancelled', new Date(), null);
      return;
    }
    job.result = result;
    this.finish(job, 'complete', new Date(), null);
  }

  private onWorkerFailed(job: Job, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (job.status === 'cancelling') this.finish(job, 'cancelled', new Date(), { code: 'cancelled', message: 'Job cancelled.' });
    else this.finish(job, 'failed', new Date(), { code: 'internal_error', message });
  }

  /** Every transition into a terminal status emits exactly one resolution event (§6.5, B.17). */
  private finish(job: Job, status: 'complete' | 'failed' | 'cancelled', now: Date, error: Job['error']): void {
    if (job.isTerminal) return;
    job.status = status;
    job.completedAt = now;
    job.error = error;
    this.cancellers.delete(job.id);
    this.endWork(job.id);
    this.server.notifyChange();
    // Deferred so a response that caused it goes out first; resolution precedes promotion (§7.10).
    const resolve = () =>
      setImmediate(() => {
        this.emitResolution(job);
        this.promote();
      });
    if (this.observer) this.observer.finished(job).then(resolve, resolve);
    else resolve();
  }

  private emitResolution(job: Job): void {
    const session = this.server.sessions.get(job.sessionId);
    if (!session || !this.jobs.has(job.id)) return;
    if (job.status === 'complete') this.server.emitToSession(session, 'job.complete', { job_id: job.id, summary: this.summary(job) });
    else if (job.status === 'failed') this.server.emitToSession(session, 'job.failed', { job_id: job.id, error: job.error });
    else this.server.emitToSession(session, 'job.cancelled', { job_id: job.id });
  }

  /** Starts the oldest queued jobs (global FIFO) while slots are free (§6.3). */
  private promote(): void {
    if (this.closed) return;
    const queued = this.all()
      .filter((job) => job.status === 'queued')
      .sort((a, b) => a.sequence - b.sequence);
    for (const job of queued) {
      if (this.activeCount >= this.server.options.maxConcurrent) return;
      const submission = this.pending.get(job.id)!;
      this.pending.delete(job.id);
      const now = new Date();
      this.start(job, submission, now);
      if (job.status === 'running') this.observer?.started(job);
      const session = this.server.sessions.get(job.sessionId);
      if (session && job.status === 'running') {
        this.server.emitToSession(session, 'job.started', { job_id: job.id, started_at: isoTimestamp(now) });
      }
    }
  }

  /** Workers drop what they kept for the job, and its data file goes. */
  private endWork(jobId: string): void {
    this.runner.release(jobId);
    this.files.remove(jobId);
  }

  private dropSessionJobs(sessionId: string): void {
    for (const job of this.all()) {
      if (job.sessionId !== sessionId) continue;
      this.cancellers.get(job.id)?.();
      this.cancellers.delete(job.id);
      this.pending.delete(job.id);
      this.jobs.delete(job.id);
      if (!job.isTerminal) job.status = 'cancelled';
      this.endWork(job.id);
    }
    this.promote();
  }
}
