/**
 * Turns what the scan found into live objects: sessions with their ids, names, times and
 * buffered events; data handles (their bytes load on first use); jobs. Restart semantics
 * (specs/rtemislive.md §13): queued jobs wait again in their old order; jobs that were
 * running end `failed` with code `interrupted` (re-running them could loop on a job that
 * crashed the server); jobs being cancelled end `cancelled`. Each such ending is buffered
 * as its resolution event for the next client that joins.
 */
import { decodeArrowTable } from '../data/arrow-decode.js';
import type { DataHandle } from '../data/data-handle.js';
import type { JobManager, JobSubmission } from '../jobs/job-manager.js';
import type { JobShape } from '../jobs/job-resources.js';
import { Job, type JobError } from '../jobs/job.js';
import { event, type EventEnvelope } from '../protocol/envelope.js';
import type { Logger } from '../server/services.js';
import type { SessionRegistry } from '../sessions/session-registry.js';
import { untitledName } from '../sessions/session-name.js';
import { Session } from '../sessions/session.js';
import type { ScannedJob, ScannedSession } from './state-scan.js';
import type { DataDocument, JobDocument } from './stored-documents.js';

export const INTERRUPTED: JobError = {
  code: 'interrupted',
  message: 'The server restarted while this job was running, so it did not finish. Submit it again to re-run it.',
};

export interface RestoredJob {
  job: Job;
  /** Size of its saved result file, for a complete job. */
  resultBytes: number | null;
  /** Whether its record on disk no longer matches (it was interrupted by the restart). */
  changed: boolean;
  /** A queued job's config and data, as it waits again. */
  submission: JobSubmission | null;
}

/** Where restored objects go. */
interface RestoreTarget {
  readonly sessions: SessionRegistry;
  readonly logger: Logger;
}

export function restoreState(server: RestoreTarget, jobs: JobManager, scanned: readonly ScannedSession[], now: Date): RestoredJob[] {
  const sessions = new Map<string, Session>();
  for (const { document, data } of [...scanned].sort((a, b) => a.document.created.localeCompare(b.document.created))) {
    const session = new Session(uniqueName(server, document.name), new Date(document.created), document.session_id);
    session.lastSeen = new Date(document.last_seen);
    session.events.restore(document.events as EventEnvelope[], document.events_dropped);
    for (const handle of data) session.data.set(handle.data_handle, restoredHandle(handle, document.data_last_used[handle.data_handle]));
    server.sessions.restore(session);
    sessions.set(session.id, session);
  }
  const all = scanned.flatMap(({ document, jobs: sessionJobs }) => sessionJobs.map((job) => ({ sessionId: document.session_id, job })));
  all.sort((a, b) => a.job.document.sequence - b.job.document.sequence);
  return all.map(({ sessionId, job }) => restoreJob(sessions.get(sessionId)!, job, jobs, now));
}

function uniqueName(server: RestoreTarget, name: string): string {
  if (!server.sessions.findByName(name)) return name;
  const replacement = untitledName(new Set(server.sessions.list().map((session) => session.name)));
  server.logger.warn(`Saved state: two sessions were named '${name}'; one was restored as '${replacement}'.`);
  return replacement;
}

function restoredHandle(document: DataDocument, lastUsed: string | undefined): DataHandle {
  const createdAt = new Date(document.created_at);
  return {
    id: document.data_handle,
    name: document.name,
    rows: document.rows,
    cols: document.cols,
    byteLength: document.bytes,
    createdAt,
    lastUsed: lastUsed ? new Date(lastUsed) : createdAt,
    contents: null,
  };
}

function restoreJob(session: Session, { document, queued }: ScannedJob, jobs: JobManager, now: Date): RestoredJob {
  const job = new Job(document.type, session.id, document.algorithm, new Date(document.submitted_at), document.sequence, document.job_id);
  applyDocument(job, document);
  let changed = false;
  if (job.status === 'running' || job.status === 'cancelling') {
    // A job being cancelled was wanted stopped anyway; a running one was cut short.
    const cancelled = job.status === 'cancelling';
    job.status = cancelled ? 'cancelled' : 'failed';
    job.error = cancelled ? { code: 'cancelled', message: 'Job cancelled.' } : INTERRUPTED;
    job.completedAt = now;
    session.events.push(cancelled ? event('job.cancelled', { job_id: job.id }) : event('job.failed', { job_id: job.id, error: job.error }));
    changed = true;
  }
  const submission = queued ? { type: job.type, algorithm: job.algorithm, config: queued.config, data: queued.data, shape: savedShape(queued.data) } : null;
  jobs.adopt(job, submission);
  return { job, resultBytes: document.result?.bytes ?? null, changed, submission };
}

/** The saved input was checked when it was written; its shape feeds the memory estimate again. */
function savedShape(data: Uint8Array): JobShape {
  const table = decodeArrowTable(data);
  return { rows: table.numRows, cols: table.numCols };
}

function applyDocument(job: Job, document: JobDocument): void {
  job.status = document.status;
  job.startedAt = document.started_at ? new Date(document.started_at) : null;
  job.completedAt = document.completed_at ? new Date(document.completed_at) : null;
  job.stage = document.stage;
  job.fraction = document.fraction;
  job.lastMessage = document.last_message;
  job.error = document.error;
}
