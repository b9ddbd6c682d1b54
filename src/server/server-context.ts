/**
 * State shared by the transport, the method handlers and the background loop:
 * options, connections, sessions, jobs, and event delivery to sessions (§4.5).
 */
import { encodeFrame, FrameTooLargeError } from '../protocol/frame.js';
import { event, type EventEnvelope } from '../protocol/envelope.js';
import { SessionRegistry } from '../sessions/session-registry.js';
import type { Session } from '../sessions/session.js';
import type { Connection } from './connection.js';
import type { ServerOptions } from './options.js';
import type { DirectoryChooser, Logger } from './services.js';
import type { JobManager } from '../jobs/job-manager.js';
import type { ServerPersistence } from '../state/server-persistence.js';

export class ServerContext {
  readonly connections = new Map<string, Connection>();
  readonly sessions: SessionRegistry;
  readonly startedAt = Date.now();
  jobs!: JobManager;
  /** Saved state (src/state/); null when the server keeps everything in memory only. */
  persistence: ServerPersistence | null = null;
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    readonly options: ServerOptions,
    readonly logger: Logger,
    readonly chooseDirectory: DirectoryChooser,
  ) {
    this.sessions = new SessionRegistry(options.maxSessions);
  }

  /** Observers (the status snapshot) are told that something visible changed. */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  notifyChange(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** The live session a connection is attached to; a deleted session counts as none (B.4). */
  attachedSession(connection: Connection): Session | undefined {
    return connection.sessionId === null ? undefined : this.sessions.get(connection.sessionId);
  }

  attach(connection: Connection, session: Session, now: Date): void {
    session.connections.add(connection.id);
    connection.sessionId = session.id;
    session.touch(now);
    this.notifyChange();
  }

  /** Sends an event to one connection; false when the write failed. */
  sendEvent(connection: Connection, envelope: EventEnvelope): boolean {
    const frame = this.encodeEvent(envelope);
    return frame === null || connection.send(frame);
  }

  /** Delivers to every attached connection, or buffers when none is attached (§4.5). */
  emitToSession(session: Session, name: string, data: unknown): void {
    const envelope = event(name, data);
    const attached = [...session.connections].flatMap((id) => this.connections.get(id) ?? []);
    if (attached.length === 0) {
      session.events.push(envelope);
      session.touch(new Date());
      return;
    }
    const frame = this.encodeEvent(envelope);
    if (frame === null) return;
    for (const connection of attached) {
      if (!connection.send(frame)) this.disconnect(connection);
    }
  }

  /**
   * Forgets a connection (socket closed, write failed, auth lock-out): detaches it
   * and tells the rest of its session (§7.8).
   */
  disconnect(connection: Connection): void {
    if (!this.connections.delete(connection.id)) return;
    connection.close();
    const session = this.attachedSession(connection);
    connection.sessionId = null;
    if (session) {
      session.connections.delete(connection.id);
      session.touch(new Date());
      this.emitToSession(session, 'session.connection_left', {
        session_id: session.id,
        connection_id: connection.id,
        n_connections: session.connections.size,
      });
    }
    this.notifyChange();
  }

  /** An event too large to encode is dropped (§1.7), never sent truncated. */
  private encodeEvent(envelope: EventEnvelope): Uint8Array | null {
    try {
      return encodeFrame(envelope as unknown as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      this.logger.warn(`Dropped event ${envelope.event}: ${error.message}`);
      return null;
    }
  }
}
