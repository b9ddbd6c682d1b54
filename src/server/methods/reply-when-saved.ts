/**
 * Replies to requests that change saved objects go out once those changes are committed to
 * the state directory, so an acknowledged change survives a crash. Without saved state (or
 * when nothing was written) the reply is immediate and synchronous, as before.
 */
import type { ServerContext } from '../server-context.js';

export function replyWhenSaved<T>(server: ServerContext, sessionId: string, result: T): T | Promise<T> {
  const persistence = server.persistence;
  return persistence ? persistence.whenSaved(sessionId).then(() => result) : result;
}
