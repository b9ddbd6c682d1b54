/**
 * The files of a state directory, in one place (layout in specs/rtemislive.md §13):
 *
 *   sessions/<session>/session.json          the session (name, times, buffered events)
 *   sessions/<session>/data/<handle>.json     a data handle's description (its commit record)
 *   sessions/<session>/data/<handle>.arrow    the Arrow IPC bytes exactly as uploaded
 *   sessions/<session>/jobs/<job>.json        a job's record (its commit record)
 *   sessions/<session>/jobs/<job>.result      a complete job's result (structured clone)
 *   sessions/<session>/jobs/<job>.input.arrow a queued job's data (a hard link when possible)
 *   tmp/      files being written (emptied at start-up)
 *   trash/    deleted sessions being removed (emptied at start-up)
 *   damaged/  files that could not be read, set aside with a log line
 */
import { join } from 'node:path';

export class StateLayout {
  constructor(readonly root: string) {}

  get sessionsDir(): string {
    return join(this.root, 'sessions');
  }

  get tmpDir(): string {
    return join(this.root, 'tmp');
  }

  get trashDir(): string {
    return join(this.root, 'trash');
  }

  get damagedDir(): string {
    return join(this.root, 'damaged');
  }

  sessionDir(sessionId: string): string {
    return join(this.sessionsDir, sessionId);
  }

  sessionDocument(sessionId: string): string {
    return join(this.sessionDir(sessionId), SESSION_FILE);
  }

  dataDir(sessionId: string): string {
    return join(this.sessionDir(sessionId), 'data');
  }

  dataDocument(sessionId: string, handleId: string): string {
    return join(this.dataDir(sessionId), `${handleId}${DOCUMENT_EXTENSION}`);
  }

  dataBytes(sessionId: string, handleId: string): string {
    return join(this.dataDir(sessionId), `${handleId}${ARROW_EXTENSION}`);
  }

  jobsDir(sessionId: string): string {
    return join(this.sessionDir(sessionId), 'jobs');
  }

  jobDocument(sessionId: string, jobId: string): string {
    return join(this.jobsDir(sessionId), `${jobId}${DOCUMENT_EXTENSION}`);
  }

  jobResult(sessionId: string, jobId: string): string {
    return join(this.jobsDir(sessionId), `${jobId}${RESULT_EXTENSION}`);
  }

  jobInput(sessionId: string, jobId: string): string {
    return join(this.jobsDir(sessionId), `${jobId}${INPUT_EXTENSION}`);
  }
}

export const SESSION_FILE = 'session.json';
export const DOCUMENT_EXTENSION = '.json';
export const ARROW_EXTENSION = '.arrow';
export const RESULT_EXTENSION = '.result';
export const INPUT_EXTENSION = '.input.arrow';
