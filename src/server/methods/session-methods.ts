/** `session.*` (§3.12–§3.18). */
import { event } from '../../protocol/envelope.js';
import { WireError, invalidParams } from '../../protocol/wire-error.js';
import { sessionListItem, sessionSnapshot } from '../../sessions/session-views.js';
import type { Session } from '../../sessions/session.js';
import { isMissing } from './param-checks.js';
import { replyWhenSaved } from './reply-when-saved.js';
import type { AttachedCall, MethodCall } from './method-call.js';

export function listSessions({ server }: MethodCall) {
  return { sessions: server.sessions.list().map((session) => sessionListItem(session, server.jobs.forSession(session.id))) };
}

export function createSession({ server, connection, params, now }: MethodCall) {
  const session = server.sessions.create(params.name, now);
  server.attach(connection, session, now);
  void server.persistence?.sessionCreated(session);
  return replyWhenSaved(server, session.id, snapshot(server, session));
}

export function joinSession({ server, connection, params, now }: MethodCall) {
  const session = resolveSession(server.sessions, params);
  if (!session) throw new WireError('session_not_found', 'Session not found.');
  server.attach(connection, session, now);
  // Replayed events precede the join response (§3.14).
  const { events, dropped } = session.events.drain();
  for (const envelope of events) server.sendEvent(connection, envelope);
  if (dropped > 0) {
    server.sendEvent(connection, event('session.events_dropped', { events_dropped: dropped }));
  }
  return snapshot(server, session);
}

/** Also answers a connection whose session was deleted under it (B.4). */
export function detachSession({ server, connection, now }: MethodCall) {
  const session = connection.sessionId === null ? undefined : server.sessions.get(connection.sessionId);
  if (session) {
    session.connections.delete(connection.id);
    session.touch(now);
  }
  connection.sessionId = null;
  server.notifyChange();
  return { detached: true };
}

export function renameSession({ server, session, params, now }: AttachedCall) {
  if (isMissing(params.name)) throw invalidParams('`name` is required.');
  const before = session.name;
  server.sessions.rename(session, params.name, now);
  server.notifyChange();
  if (session.name !== before) void server.persistence?.sessionChanged(session);
  return replyWhenSaved(server, session.id, { session_id: session.id, name: session.name });
}

export function deleteSession({ server, connection, session }: AttachedCall) {
  server.sessions.delete(session.id);
  connection.sessionId = null;
  server.notifyChange();
  return replyWhenSaved(server, session.id, { deleted: true, session_id: session.id });
}

export function sessionInfo({ server, session }: AttachedCall) {
  return snapshot(server, session);
}

type Registry = MethodCall['server']['sessions'];

function resolveSession(sessions: Registry, params: Record<string, unknown>): Session | undefined {
  const byId = typeof params.session_id === 'string' ? sessions.get(params.session_id) : undefined;
  if (byId) return byId;
  return typeof params.name === 'string' ? sessions.findByName(params.name) : undefined;
}

function snapshot(server: MethodCall['server'], session: Session) {
  return sessionSnapshot(session, server.jobs.forSession(session.id));
}
