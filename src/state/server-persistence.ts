/**
 * Saved state for a running server: restores what a state directory holds at start-up,
 * then keeps the directory in step with the live sessions, data handles and jobs.
 *
 * - Writes run on libuv's thread pool, one session at a time in order (SerialQueue), never
 *   on the event loop. A request that changes saved objects is answered once its writes are
 *   committed (`whenSaved`), and a job's resolution event waits for its result to be saved,
 *   so nothing acknowledged to a client can be lost by a crash.
 * - Frequent small changes (last_seen, buffered events, data TTL clocks) are saved by a sweep
 *   every second instead of on every change.
 * - Chunked uploads are spooled to disk as they arrive, with direct I/O where the disk allows
 *   it (UploadSpool), so saving costs the transfer little CPU and `end` little waiting.
 */
import type { EngineResult } from '../engine/contract.js';
import { ArrowDecodeError } from '../data/arrow-decode.js';
import { decodeDataContents, type DataContents, type DataHandle } from '../data/data-handle.js';
import type { JobManager, JobObserver, JobSubmission } from '../jobs/job-manager.js';
import type { Job } from '../jobs/job.js';
import { WireError, internalError } from '../protocol/wire-error.js';
import type { Logger } from '../server/services.js';
import type { StorageStatus } from '../server/status.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import type { Session } from '../sessions/session.js';
import { SerialQueue } from './serial-queue.js';
import { acquireStateLock, type StateLock } from './state-lock.js';
import { restoreState } from './state-restore.js';
import { Quarantine, scanState, type ScannedSession } from './state-scan.js';
import { StateStore, type DataSource } from './state-store.js';
import { defaultStorageLimit, measureDirectory, StorageBudget } from './storage-budget.js';
import { dataDocument, fingerprint, jobDocument, sessionDocument } from './document-builders.js';
import { decodeEngineResult, encodeStructured } from './structured-codec.js';
import { UploadSpool } from './upload-spool.js';

/** How often small changes (last_seen, buffered events, data TTL clocks) are saved. */
export const SWEEP_INTERVAL_MS = 1000;

export interface PersistenceOptions {
  stateDir: string;
  /** null: half of the free disk space (see storage-budget.ts). */
  maxStateBytes: number | null;
}

/**
 * What saved state needs from the server (ServerContext satisfies it; the dependency points
 * one way): its sessions and jobs to restore and observe, a log, and change notification.
 */
export interface PersistenceHost {
  readonly sessions: SessionRegistry;
  readonly jobs: JobManager;
  readonly logger: Logger;
  notifyChange(): void;
}

interface QueuedJobInput {
  submission: JobSubmission;
  handleId: string;
}

export class ServerPersistence implements JobObserver {
  private readonly queues = new Map<string, SerialQueue>();
  /** Per session, what its document looked like when last saved. */
  private readonly savedFingerprints = new Map<string, string>();
  private readonly deletedSessions = new Set<string>();
  private readonly spools = new Map<string, { spool: UploadSpool; release: () => void }>();
  private readonly dataLoads = new Map<string, Promise<DataContents>>();
  private readonly resultLoads = new Map<string, Promise<EngineResult>>();
  /** Size of each job's saved result file. */
  private readonly resultBytes = new Map<string, number>();
  /** Queued jobs' submissions, until their input is saved and they start. */
  private readonly queuedInputs = new Map<string, QueuedJobInput>();
  private readonly savedInputs = new Set<string>();
  private readonly quarantine: Quarantine;
  private sweepTimer: NodeJS.Timeout | null = null;
  private recountTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    private readonly server: PersistenceHost,
    private readonly store: StateStore,
    private readonly lock: StateLock,
    private readonly budget: StorageBudget,
  ) {
    this.quarantine = new Quarantine(store.layout, (line) => server.logger.warn(line));
  }

  /** Locks the directory, reads it, and puts its sessions, data and jobs back into the server. */
  static async open(server: PersistenceHost, options: PersistenceOptions): Promise<ServerPersistence> {
    const started = performance.now();
    const store = new StateStore(options.stateDir);
    await store.prepare();
    const lock = await acquireStateLock(options.stateDir);
    try {
      const scanned = await scanState(store.layout, (line) => server.logger.warn(line));
      // The scan's own count; a full count (damaged/ included) follows off the start-up path.
      const used = scanned.reduce((sum, session) => sum + session.bytes, 0);
      const limit = options.maxStateBytes ?? (await defaultStorageLimit(options.stateDir, used));
      const persistence = new ServerPersistence(server, store, lock, new StorageBudget(limit, used));
      persistence.restore(scanned);
      server.logger.info(
        `Saved state: ${server.sessions.size} session(s) and ${server.jobs.all().length} job(s) restored from ${options.stateDir} in ${Math.round(performance.now() - started)} ms.`,
      );
      return persistence;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  storageStatus(): StorageStatus {
    return { dir: this.store.layout.root, bytes: this.budget.usedBytes, max_bytes: this.budget.limit };
  }

  /** Settles once every write queued so far for the session is committed (or failed and logged). */
  whenSaved(sessionId: string): Promise<void> {
    return this.queues.get(sessionId)?.drained() ?? Promise.resolve();
  }

  // Sessions ----------------------------------------------------------------------------

  sessionCreated(session: Session): Promise<void> {
    this.savedFingerprints.set(session.id, fingerprint(session));
    return this.enqueue(session.id, 'save the new session', () => this.store.createSession(sessionDocument(session)));
  }

  /** A change that must be saved before the reply (a rename). */
  sessionChanged(session: Session): Promise<void> {
    return this.saveSession(session);
  }

  private sessionDeleted(session: Session): void {
    if (this.closed) return;
    this.deletedSessions.add(session.id);
    this.savedFingerprints.delete(session.id);
    for (const uploadId of session.uploads.keys()) this.uploadDropped(uploadId);
    for (const handleId of session.data.keys()) this.dataLoads.delete(handleId);
    void this.queue(session.id)
      .run(() => this.store.removeSession(session.id))
      .catch((error: unknown) => this.server.logger.error(`Saved state: could not remove session ${session.id}: ${message(error)}`))
      .then(() => {
        this.queues.delete(session.id);
        this.scheduleRecount();
      });
  }

  // Data --------------------------------------------------------------------------------

  /** Throws `too_many` when an upload of `bytes` would pass the storage cap. */
  ensureRoom(bytes: number): void {
    this.budget.ensureRoom(bytes);
  }

  /** Reserves a chunked upload's declared size at `begin` (throws `too_many` past the cap) and opens its spool. */
  uploadBegun(uploadId: string, totalBytes: number): void {
    const release = this.budget.reserve(totalBytes);
    this.spools.set(uploadId, { spool: new UploadSpool(this.store.spoolPath(uploadId), totalBytes), release });
  }

  /** Hands a stored chunk to its upload's spool; the reply to the chunk does not wait for the disk. */
  chunkReceived(uploadId: string, index: number, bytes: Uint8Array): void {
    this.spools.get(uploadId)?.spool.add(index, bytes);
  }

  /** A cancelled, expired or failed upload: its room is released and its spool removed. */
  uploadDropped(uploadId: string): void {
    const entry = this.spools.get(uploadId);
    if (!entry) return;
    this.spools.delete(uploadId);
    entry.release();
    void entry.spool.discard().catch(() => {});
  }

  /** Saves a new handle: its bytes (from memory or the upload's spool), then its document. Rejects when it could not be saved. */
  dataAdded(session: Session, handle: DataHandle, source: { bytes: Uint8Array } | { uploadId: string }): Promise<void> {
    const spooled = 'uploadId' in source ? this.spools.get(source.uploadId) : undefined;
    if ('uploadId' in source) this.spools.delete(source.uploadId);
    let release: () => void;
    try {
      release = spooled?.release ?? this.budget.reserve(handle.byteLength);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.queue(session.id)
      .run(async () => {
        if (this.closed || this.isGone(session.id)) return void (await spooled?.spool.discard());
        let data: DataSource;
        if (spooled) {
          const length = await spooled.spool.finish();
          if (length !== handle.byteLength) throw new Error(`the spooled upload holds ${length} bytes, ${handle.byteLength} were received`);
          data = { spoolPath: spooled.spool.path };
        } else {
          data = { bytes: (source as { bytes: Uint8Array }).bytes };
        }
        this.budget.added(await this.store.writeData(session.id, dataDocument(handle), data));
      })
      .catch(async (error: unknown) => {
        await spooled?.spool.discard().catch(() => {});
        this.server.logger.error(`Saved state: could not save data handle ${handle.id} (${session.id}): ${message(error)}`);
        throw internalError(`Could not save the data set: ${message(error)}`);
      })
      .finally(() => {
        release();
        this.server.notifyChange();
      });
  }

  dataRemoved(session: Session, handleId: string): void {
    this.dataLoads.delete(handleId);
    void this.enqueue(session.id, `remove data handle ${handleId}`, () => this.store.removeData(session.id, handleId)).then(() => this.scheduleRecount());
  }

  /** The table and bytes of a restored handle, read on first use. Throws a WireError when they cannot be read. */
  loadData(session: Session, handle: DataHandle): Promise<DataContents> {
    const known = this.dataLoads.get(handle.id);
    if (known) return known;
    const loading = this.store.readData(session.id, handle.id, handle.byteLength).then(
      (bytes) => {
        try {
          return decodeDataContents(bytes);
        } catch (error) {
          throw error instanceof ArrowDecodeError ? new Error(`its Arrow bytes do not decode (${error.message})`) : error;
        }
      },
    );
    const settled = loading.then(
      (contents) => {
        if (session.data.get(handle.id) === handle) handle.contents = contents;
        return contents;
      },
      async (error: unknown) => {
        this.dataLoads.delete(handle.id);
        if (session.data.get(handle.id) !== handle) throw new WireError('not_found', `Unknown data_handle '${handle.id}'.`);
        session.data.delete(handle.id);
        const { layout } = this.store;
        await this.enqueue(session.id, 'set a damaged data handle aside', () =>
          this.quarantine.move([layout.dataDocument(session.id, handle.id), layout.dataBytes(session.id, handle.id)], message(error)),
        );
        this.server.notifyChange();
        throw internalError(`The saved data set '${handle.name}' (${handle.id}) could not be read and was set aside: ${message(error)}`);
      },
    );
    this.dataLoads.set(handle.id, settled);
    return settled;
  }

  // Jobs --------------------------------------------------------------------------------

  /** Saves a new job; a queued one with its config and data (linked to the handle's file). */
  jobSubmitted(job: Job, submission: JobSubmission, handleId: string): Promise<void> {
    if (job.status === 'queued') this.queuedInputs.set(job.id, { submission, handleId });
    return this.syncJob(job);
  }

  started(job: Job): void {
    void this.syncJob(job);
  }

  /** A change the job manager does not announce (a running job being cancelled). */
  jobChanged(job: Job): void {
    void this.syncJob(job);
  }

  finished(job: Job): Promise<void> {
    return this.syncJob(job);
  }

  jobDeleted(session: Session, job: Job): void {
    this.forgetJob(job.id);
    void this.enqueue(session.id, `remove job ${job.id}`, () => this.store.removeJob(session.id, job.id)).then(() => this.scheduleRecount());
  }

  /** Whether a complete job's result is saved (and can be loaded when not in memory). */
  hasSavedResult(job: Job): boolean {
    return this.resultBytes.has(job.id);
  }

  /** A restored complete job's result, read on first use. Throws a WireError when it cannot be read. */
  loadResult(session: Session, job: Job): Promise<EngineResult> {
    const known = this.resultLoads.get(job.id);
    if (known) return known;
    const bytes = this.resultBytes.get(job.id);
    const loading = (bytes === undefined ? Promise.reject(new Error('no saved result')) : this.store.readResult(session.id, job.id, bytes)).then(decodeEngineResult);
    const settled = loading.then(
      (result) => {
        this.resultLoads.delete(job.id);
        job.result ??= result;
        return result;
      },
      async (error: unknown) => {
        this.resultLoads.delete(job.id);
        const { layout } = this.store;
        await this.enqueue(session.id, 'set a damaged job aside', () =>
          this.quarantine.move([layout.jobDocument(session.id, job.id), layout.jobResult(session.id, job.id)], message(error)),
        );
        this.forgetJob(job.id);
        if (this.server.jobs.find(session, job.id) === job) this.server.jobs.delete(job);
        throw internalError(`The saved result of job ${job.id} could not be read and was set aside: ${message(error)}`);
      },
    );
    this.resultLoads.set(job.id, settled);
    return settled;
  }

  /** Brings a job's files in line with the live job: result, input and record. Idempotent. */
  private syncJob(job: Job): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.enqueue(job.sessionId, `save job ${job.id}`, async () => {
      if (this.isGone(job.sessionId) || !this.server.jobs.all().includes(job)) return;
      const queued = job.status === 'queued' ? this.queuedInputs.get(job.id) : undefined;
      let result: Buffer | undefined;
      if (job.status === 'complete' && job.result && !this.resultBytes.has(job.id)) result = encodeStructured(job.result);
      const input = queued && !this.savedInputs.has(job.id) ? { linkFrom: this.store.layout.dataBytes(job.sessionId, queued.handleId), bytes: queued.submission.data } : undefined;
      const document = jobDocument(job, result?.byteLength ?? this.resultBytes.get(job.id) ?? null, queued?.submission ?? null);
      this.budget.added(await this.store.writeJob(job.sessionId, document, { ...(result ? { result } : {}), ...(input ? { input } : {}) }));
      if (result) this.resultBytes.set(job.id, result.byteLength);
      if (input) this.savedInputs.add(job.id);
      if (!queued && this.savedInputs.has(job.id)) {
        this.savedInputs.delete(job.id);
        this.queuedInputs.delete(job.id);
        await this.store.removeJobInput(job.sessionId, job.id);
        this.scheduleRecount();
      }
      this.server.notifyChange();
    });
  }

  private forgetJob(jobId: string): void {
    this.resultBytes.delete(jobId);
    this.queuedInputs.delete(jobId);
    this.savedInputs.delete(jobId);
  }

  // Lifecycle ---------------------------------------------------------------------------

  /** Saves what is pending, stops saving and unlocks the directory. Later changes are not saved. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.recountTimer) clearTimeout(this.recountTimer);
    this.sweep();
    this.closed = true;
    await Promise.all([...this.queues.values()].map((queue) => queue.drained()));
    for (const uploadId of [...this.spools.keys()]) this.uploadDropped(uploadId);
    await this.lock.release();
  }

  private restore(scanned: readonly ScannedSession[]): void {
    const jobs = restoreState(this.server, this.server.jobs, scanned, new Date());
    for (const { job, resultBytes, submission } of jobs) {
      if (resultBytes !== null) this.resultBytes.set(job.id, resultBytes);
      if (submission) {
        // Its input file is already saved; the submission is kept to rewrite its record while queued.
        this.queuedInputs.set(job.id, { submission, handleId: '' });
        this.savedInputs.add(job.id);
      }
    }
    const touched = new Set(jobs.filter(({ changed }) => changed).map(({ job }) => job.sessionId));
    for (const session of this.server.sessions.list()) {
      if (!touched.has(session.id)) this.savedFingerprints.set(session.id, fingerprint(session));
    }
    for (const { job, changed } of jobs) if (changed) void this.syncJob(job);
    this.server.sessions.onDeleted((session) => this.sessionDeleted(session));
    this.server.jobs.observe(this);
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    this.sweep();
    this.scheduleRecount();
  }

  /** Saves sessions whose small state (last_seen, events, data TTL clocks) changed. */
  private sweep(): void {
    if (this.closed) return;
    for (const session of this.server.sessions.list()) {
      if (this.savedFingerprints.get(session.id) !== fingerprint(session)) void this.saveSession(session);
    }
  }

  private saveSession(session: Session): Promise<void> {
    this.savedFingerprints.set(session.id, fingerprint(session));
    return this.enqueue(session.id, 'save the session', async () => {
      if (!this.isGone(session.id)) await this.store.writeSession(sessionDocument(session));
    });
  }

  private isGone(sessionId: string): boolean {
    return this.deletedSessions.has(sessionId) || this.server.sessions.get(sessionId) === undefined;
  }

  /** Runs a write in the session's queue; a failure is logged, never thrown at the caller. */
  private enqueue(sessionId: string, what: string, task: () => Promise<unknown>): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.queue(sessionId)
      .run(task)
      .then(
        () => undefined,
        (error: unknown) => this.server.logger.error(`Saved state: could not ${what} (${sessionId}): ${message(error)}`),
      );
  }

  private queue(sessionId: string): SerialQueue {
    let queue = this.queues.get(sessionId);
    if (!queue) this.queues.set(sessionId, (queue = new SerialQueue()));
    return queue;
  }

  /** Deletions and hard links make a running total drift; a count after them keeps the cap honest. */
  private scheduleRecount(): void {
    if (this.recountTimer || this.closed) return;
    this.recountTimer = setTimeout(() => {
      this.recountTimer = null;
      void measureDirectory(this.store.layout.root).then((bytes) => {
        this.budget.recounted(bytes);
        this.server.notifyChange();
      });
    }, 200);
    this.recountTimer.unref();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
