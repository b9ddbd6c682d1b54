/** All sessions of the server: creation rules, lookup, deletion and idle collection (§4). */
import { byId } from './by-id.js';
import { uniqueId } from './ids.js';
import { WireError } from '../protocol/wire-error.js';
import { Session } from './session.js';
import { untitledName, validateSessionName } from './session-name.js';

export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly deletionListeners: ((session: Session) => void)[] = [];

  constructor(private readonly maxSessions: number) {}

  get size(): number {
    return this.sessions.size;
  }

  /** Called for every deleted session (explicitly or by GC), after it is removed. */
  onDeleted(listener: (session: Session) => void): void {
    this.deletionListeners.push(listener);
  }

  /** §3.13: cap first, then name validity, then uniqueness. */
  create(name: unknown, now: Date): Session {
    if (this.sessions.size >= this.maxSessions) {
      throw new WireError('too_many', `Maximum number of sessions (${this.maxSessions}) reached.`);
    }
    const chosen = name === undefined || name === null ? untitledName(this.names()) : validateSessionName(name);
    if (this.findByName(chosen)) {
      throw new WireError('session_exists', `A session named '${chosen}' already exists.\nUse \`session.join\` to attach to it instead.`);
    }
    const session = new Session(chosen, now, uniqueId('sess', (id) => this.sessions.has(id)));
    this.sessions.set(session.id, session);
    return session;
  }

  /** Puts back a session restored from saved state (its id and name were unique when saved). */
  restore(session: Session): void {
    this.sessions.set(session.id, session);
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  findByName(name: string): Session | undefined {
    for (const session of this.sessions.values()) if (session.name === name) return session;
    return undefined;
  }

  /** Sessions sorted by id (the reference's order). */
  list(): Session[] {
    return [...this.sessions.values()].sort(byId);
  }

  /** §3.16: renaming to the current name is a no-op that does not touch `last_seen`. */
  rename(session: Session, name: unknown, now: Date): void {
    const valid = validateSessionName(name);
    if (valid === session.name) return;
    if (this.findByName(valid)) throw new WireError('session_exists', `A session named '${valid}' already exists.`);
    session.name = valid;
    session.touch(now);
  }

  delete(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    this.sessions.delete(id);
    for (const listener of this.deletionListeners) listener(session);
    return session;
  }

  /** §4.6: sessions with no connection idle for strictly more than `ttlSeconds`. */
  collectIdle(now: Date, ttlSeconds: number): string[] {
    const idle = [...this.sessions.values()].filter(
      (session) => session.connections.size === 0 && now.getTime() - session.lastSeen.getTime() > ttlSeconds * 1000,
    );
    return idle.map((session) => (this.delete(session.id), session.id));
  }

  private names(): Set<string> {
    return new Set([...this.sessions.values()].map((session) => session.name));
  }
}
