/** Wire views of a session: SessionSnapshot and SessionListItem (§3.0.1). */
import { byId } from './by-id.js';
import { summarizeDataHandle } from '../data/data-handle.js';
import { isoTimestamp } from '../server/clock.js';
import type { Job } from '../jobs/job.js';
import type { Session } from './session.js';

/**
 * B.3: the reference always sends null `stage`/`fraction` here; we send the job's
 * current values (clients already accept null, so this only adds information).
 */
export function sessionSnapshot(session: Session, jobs: readonly Job[]) {
  return {
    ...sessionHeader(session),
    jobs: jobs.map((job) => ({ job_id: job.id, status: job.status, stage: job.stage, fraction: job.fraction })),
    data: [...session.data.values()].sort(byId).map(summarizeDataHandle),
  };
}

export function sessionListItem(session: Session, jobs: readonly Job[]) {
  return {
    ...sessionHeader(session),
    n_jobs: jobs.length,
    jobs_running: jobs.filter((job) => job.status === 'running').length,
  };
}

function sessionHeader(session: Session) {
  return {
    session_id: session.id,
    name: session.name,
    created: isoTimestamp(session.created),
    last_seen: isoTimestamp(session.lastSeen),
    n_connections: session.connections.size,
  };
}
