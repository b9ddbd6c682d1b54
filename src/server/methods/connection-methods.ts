/** `auth`, `ping`, `info` (§3.1–§3.3). */
import { WireError } from '../../protocol/wire-error.js';
import { isoTimestamp } from '../clock.js';
import { AUTH_STRIKES } from '../connection.js';
import { tokensMatch } from '../token.js';
import { ENGINE_NAME, ENGINE_VERSION, SERVER_VERSION } from '../../version.js';
import type { MethodCall } from './method-call.js';

export function auth({ server, connection, params }: MethodCall) {
  if (tokensMatch(params.token, server.options.token)) {
    connection.authenticated = true;
    connection.failedAuths = 0;
    return { connection_id: connection.id };
  }
  connection.failedAuths += 1;
  if (connection.failedAuths >= AUTH_STRIKES) connection.closeAfterResponse = true;
  throw new WireError('unauthorized', 'Invalid token.');
}

export function ping({ now }: MethodCall) {
  return { ts: isoTimestamp(now) };
}

export function info({ server, now }: MethodCall) {
  return {
    server: 'rtemislive',
    rtemis_server_version: SERVER_VERSION,
    rtemis_version: null,
    r_version: `${ENGINE_NAME} ${ENGINE_VERSION} on Node.js ${process.version}`,
    engine: ENGINE_NAME,
    engine_version: ENGINE_VERSION,
    daemons: server.jobs.workerCount,
    max_concurrent: server.options.maxConcurrent,
    uptime_seconds: (now.getTime() - server.startedAt) / 1000,
    n_sessions: server.sessions.size,
    n_jobs_running: server.jobs.activeCount,
  };
}
