/** Builds the observer snapshot of src/server/status.ts from the live server state. */
import type { ServerContext } from './server-context.js';
import type { ServerState, ServerStatus } from './status.js';

export function buildStatus(
  server: ServerContext,
  state: ServerState,
  error: ServerStatus['error'],
  url: string,
): ServerStatus {
  const sessions = server.sessions.list();
  const names = new Map(sessions.map((session) => [session.id, session.name]));
  return {
    state,
    host: server.options.host,
    port: server.options.port,
    url,
    origins: [...server.options.origins],
    error,
    n_workers: server.jobs.workerCount,
    workers: server.jobs.workerActivity().map(({ pid, running, waiting }) => ({ pid: pid ?? null, running, waiting })),
    sessions: sessions.map((session) => ({
      session_id: session.id,
      name: session.name,
      n_connections: session.connections.size,
      n_data: session.data.size,
      n_jobs: server.jobs.forSession(session.id).length,
    })),
    jobs: server.jobs
      .all()
      .filter((job) => names.has(job.sessionId))
      .sort((a, b) => a.sequence - b.sequence)
      .map((job) => ({
        ...server.jobs.summary(job),
        session_id: job.sessionId,
        session_name: names.get(job.sessionId)!,
        algorithm: job.algorithm,
        queue_position: server.jobs.queuePosition(job),
      })),
    storage: server.persistence?.storageStatus() ?? null,
  };
}
