/**
 * Durable reads and writes of saved objects, by kind. Each object has one commit record
 * (its `.json` document) written last on save and removed first on delete, so whatever
 * instant a crash picks, the object is either entirely there or entirely absent; files
 * without their commit record are leftovers, removed at start-up.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { commitFile, isCode, removeFilesDurably, syncDirectory, writeFileDurably } from './durable-files.js';
import { SESSION_FILE, StateLayout } from './state-layout.js';
import { encodeDocument, type DataDocument, type JobDocument, type SessionDocument } from './stored-documents.js';

/** Where a data handle's bytes come from: memory, or a spooled upload already flushed to disk. */
export type DataSource = { bytes: Uint8Array } | { spoolPath: string };

/** A queued job's data: linked to its data handle's file when possible, else written out. */
export interface JobInput {
  linkFrom: string | null;
  bytes: Uint8Array;
}

export class StateStore {
  readonly layout: StateLayout;

  constructor(root: string) {
    this.layout = new StateLayout(root);
  }

  /** Creates the folders; a new state folder is private to the user (uploaded data is inside). */
  async prepare(): Promise<void> {
    await mkdir(this.layout.root, { recursive: true, mode: 0o700 });
    for (const dir of [this.layout.sessionsDir, this.layout.tmpDir, this.layout.trashDir]) await mkdir(dir, { recursive: true });
  }

  /** A fresh path in tmp/ for a spooled upload. */
  spoolPath(uploadId: string): string {
    return join(this.layout.tmpDir, `${uploadId}.${randomBytes(6).toString('hex')}.spool`);
  }

  /** Builds the whole session folder in tmp/ and renames it into place: it appears complete or not at all. */
  async createSession(document: SessionDocument): Promise<void> {
    const staging = join(this.layout.tmpDir, `${document.session_id}.${randomBytes(6).toString('hex')}.dir`);
    try {
      await mkdir(join(staging, 'data'), { recursive: true });
      await mkdir(join(staging, 'jobs'));
      const file = await open(join(staging, SESSION_FILE), 'w');
      try {
        await file.writeFile(encodeDocument(document));
        await file.datasync();
      } finally {
        await file.close();
      }
      await syncDirectory(staging);
      await rename(staging, this.layout.sessionDir(document.session_id));
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    await syncDirectory(this.layout.sessionsDir);
  }

  async writeSession(document: SessionDocument): Promise<void> {
    await writeFileDurably(this.layout.sessionDocument(document.session_id), encodeDocument(document), this.layout.tmpDir);
  }

  /** The rename into trash/ is the commit; the files are then removed. */
  async removeSession(sessionId: string): Promise<void> {
    const doomed = join(this.layout.trashDir, `${sessionId}.${randomBytes(6).toString('hex')}`);
    try {
      await rename(this.layout.sessionDir(sessionId), doomed);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw error;
    }
    await syncDirectory(this.layout.sessionsDir);
    await rm(doomed, { recursive: true, force: true });
  }

  /** The bytes first, then the document that commits them. Returns the bytes written. */
  async writeData(sessionId: string, document: DataDocument, source: DataSource): Promise<number> {
    const arrowPath = this.layout.dataBytes(sessionId, document.data_handle);
    if ('bytes' in source) await writeFileDurably(arrowPath, source.bytes, this.layout.tmpDir);
    else await commitFile(source.spoolPath, arrowPath);
    const documentBytes = await writeFileDurably(this.layout.dataDocument(sessionId, document.data_handle), encodeDocument(document), this.layout.tmpDir);
    return document.bytes + documentBytes;
  }

  async removeData(sessionId: string, handleId: string): Promise<void> {
    await removeFilesDurably([this.layout.dataDocument(sessionId, handleId), this.layout.dataBytes(sessionId, handleId)]);
  }

  async readData(sessionId: string, handleId: string, expectedBytes: number): Promise<Uint8Array> {
    const bytes = await readFile(this.layout.dataBytes(sessionId, handleId));
    if (bytes.byteLength !== expectedBytes) throw new Error(`the file holds ${bytes.byteLength} bytes, ${expectedBytes} were saved`);
    return bytes;
  }

  /** A job's result and input (when given) first, then its record. Returns the bytes written. */
  async writeJob(sessionId: string, document: JobDocument, extras: { result?: Uint8Array; input?: JobInput } = {}): Promise<number> {
    let written = 0;
    if (extras.result) written += await writeFileDurably(this.layout.jobResult(sessionId, document.job_id), extras.result, this.layout.tmpDir);
    if (extras.input) written += await this.writeInput(this.layout.jobInput(sessionId, document.job_id), extras.input);
    written += await writeFileDurably(this.layout.jobDocument(sessionId, document.job_id), encodeDocument(document), this.layout.tmpDir);
    return written;
  }

  /** Removes a job's files, its record first. */
  async removeJob(sessionId: string, jobId: string): Promise<void> {
    const { layout } = this;
    await removeFilesDurably([layout.jobDocument(sessionId, jobId), layout.jobResult(sessionId, jobId), layout.jobInput(sessionId, jobId)]);
  }

  /** A job that left the queue no longer needs its input. */
  async removeJobInput(sessionId: string, jobId: string): Promise<void> {
    await removeFilesDurably([this.layout.jobInput(sessionId, jobId)]);
  }

  async readResult(sessionId: string, jobId: string, expectedBytes: number): Promise<Uint8Array> {
    const bytes = await readFile(this.layout.jobResult(sessionId, jobId));
    if (bytes.byteLength !== expectedBytes) throw new Error(`the file holds ${bytes.byteLength} bytes, ${expectedBytes} were saved`);
    return bytes;
  }

  /** Empties the state directory (the desktop's "Clear saved work"); the server must not be running. */
  static async clear(root: string): Promise<void> {
    const layout = new StateLayout(root);
    for (const dir of [layout.sessionsDir, layout.tmpDir, layout.trashDir, layout.damagedDir]) await rm(dir, { recursive: true, force: true });
  }

  /** A hard link costs no space and no time; where links are not supported the bytes are written. */
  private async writeInput(path: string, input: JobInput): Promise<number> {
    await rm(path, { force: true });
    if (input.linkFrom !== null) {
      try {
        await link(input.linkFrom, path);
        await syncDirectory(dirname(path));
        return 0;
      } catch {
        // Fall through: write the bytes instead.
      }
    }
    return writeFileDurably(path, input.bytes, this.layout.tmpDir);
  }
}
