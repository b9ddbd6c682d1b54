/**
 * The stored documents of live objects (stored-documents.ts has their schemas), and the
 * fingerprint that tells the sweep a session's small state changed since it was saved.
 */
import type { DataHandle } from '../data/data-handle.js';
import type { JobSubmission } from '../jobs/job-manager.js';
import type { Job } from '../jobs/job.js';
import type { Session } from '../sessions/session.js';
import { STATE_FORMAT_VERSION, type DataDocument, type JobDocument, type SessionDocument } from './stored-documents.js';
import { encodeStructured, eventDataReplacer, STRUCTURED_ENCODING } from './structured-codec.js';

export function fingerprint(session: Session): string {
  let lastUsed = 0;
  for (const handle of session.data.values()) lastUsed += handle.lastUsed.getTime();
  return `${session.name}|${session.lastSeen.getTime()}|${session.events.revision}|${session.data.size}|${lastUsed}`;
}

export function sessionDocument(session: Session): SessionDocument {
  const events = session.events.peek().map((envelope) => JSON.parse(JSON.stringify(envelope, eventDataReplacer)) as SessionDocument['events'][number]);
  return {
    format: 'rtemislive-session',
    format_version: STATE_FORMAT_VERSION,
    session_id: session.id,
    name: session.name,
    created: session.created.toISOString(),
    last_seen: session.lastSeen.toISOString(),
    events,
    events_dropped: session.events.droppedCount,
    data_last_used: Object.fromEntries([...session.data.values()].map((handle) => [handle.id, handle.lastUsed.toISOString()])),
  };
}

export function dataDocument(handle: DataHandle): DataDocument {
  return {
    format: 'rtemislive-data',
    format_version: STATE_FORMAT_VERSION,
    data_handle: handle.id,
    name: handle.name,
    rows: handle.rows,
    cols: handle.cols,
    bytes: handle.byteLength,
    created_at: handle.createdAt.toISOString(),
  };
}

export function jobDocument(job: Job, resultBytes: number | null, submission: JobSubmission | null): JobDocument {
  return {
    format: 'rtemislive-job',
    format_version: STATE_FORMAT_VERSION,
    job_id: job.id,
    type: job.type,
    algorithm: job.algorithm,
    sequence: job.sequence,
    status: job.status,
    submitted_at: job.submittedAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    completed_at: job.completedAt?.toISOString() ?? null,
    stage: job.stage,
    fraction: job.fraction,
    last_message: job.lastMessage,
    error: job.error,
    result: job.status === 'complete' && resultBytes !== null ? { encoding: STRUCTURED_ENCODING, bytes: resultBytes } : null,
    submission:
      job.status === 'queued' && submission
        ? { encoding: STRUCTURED_ENCODING, config: encodeStructured(submission.config).toString('base64'), data_bytes: submission.data.byteLength }
        : null,
  };
}
