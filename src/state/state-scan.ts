/**
 * Start-up: reads what a state directory holds. Leftovers of interrupted writes (tmp/,
 * trash/, files whose commit record is missing) are removed; a file that cannot be read
 * (torn, garbage, another format version, a missing or short companion) is moved to
 * damaged/ with one log line naming it, and everything else is returned. Never throws for
 * a bad file: only an unusable directory stops the start.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { ARROW_EXTENSION, DOCUMENT_EXTENSION, INPUT_EXTENSION, RESULT_EXTENSION, type StateLayout } from './state-layout.js';
import {
  dataDocumentSchema,
  jobDocumentSchema,
  parseDocument,
  sessionDocumentSchema,
  type DataDocument,
  type JobDocument,
  type SessionDocument,
} from './stored-documents.js';
import { decodeConfig } from './structured-codec.js';

export interface ScannedJob {
  document: JobDocument;
  /** A queued job's config and data, to queue it again. */
  queued: { config: Record<string, unknown>; data: Uint8Array } | null;
}

export interface ScannedSession {
  document: SessionDocument;
  data: DataDocument[];
  jobs: ScannedJob[];
  /** Bytes of the session's files (a hard-linked input counted once). */
  bytes: number;
}

export type DamageLog = (message: string) => void;

const SESSION_DIR = /^sess-[0-9a-f]{16}$/;

export async function scanState(layout: StateLayout, log: DamageLog): Promise<ScannedSession[]> {
  await rm(layout.tmpDir, { recursive: true, force: true });
  await rm(layout.trashDir, { recursive: true, force: true });
  await mkdir(layout.tmpDir, { recursive: true });
  await mkdir(layout.trashDir, { recursive: true });
  const quarantine = new Quarantine(layout, log);
  const entries = await readdir(layout.sessionsDir, { withFileTypes: true });
  const sessions = await Promise.all(
    entries.map(async (entry) => {
      const path = join(layout.sessionsDir, entry.name);
      if (!entry.isDirectory() || !SESSION_DIR.test(entry.name)) {
        await quarantine.move([path], 'not a session folder');
        return null;
      }
      return scanSession(layout, entry.name, quarantine);
    }),
  );
  return sessions.filter((session): session is ScannedSession => session !== null);
}

async function scanSession(layout: StateLayout, sessionId: string, quarantine: Quarantine): Promise<ScannedSession | null> {
  const documentPath = layout.sessionDocument(sessionId);
  let document: SessionDocument;
  let documentBytes: number;
  try {
    const raw = await readFile(documentPath);
    documentBytes = raw.byteLength;
    document = parseDocument(sessionDocumentSchema, raw);
    if (document.session_id !== sessionId) throw new Error(`it names session ${document.session_id}`);
  } catch (error) {
    // Without its document a session has no name or owner to restore under; its folder is kept aside whole.
    await quarantine.move([layout.sessionDir(sessionId)], `${reason(error)}; the whole session folder was set aside`, documentPath);
    return null;
  }
  const [data, jobs] = await Promise.all([scanData(layout, sessionId, quarantine), scanJobs(layout, sessionId, quarantine)]);
  const bytes = documentBytes + [...data, ...jobs].reduce((sum, found) => sum + found.bytes, 0);
  return { document, data: data.map((found) => found.document), jobs: jobs.map((found) => found.job), bytes };
}

async function scanData(layout: StateLayout, sessionId: string, quarantine: Quarantine): Promise<{ document: DataDocument; bytes: number }[]> {
  const groups = await groupFiles(layout.dataDir(sessionId), [DOCUMENT_EXTENSION, ARROW_EXTENSION], quarantine);
  const found = await Promise.all(
    [...groups].map(async ([id, files]) => {
      const documentPath = files.get(DOCUMENT_EXTENSION);
      const arrowPath = files.get(ARROW_EXTENSION);
      // Bytes without their document: an upload that never committed.
      if (!documentPath) return void (await rm(arrowPath!, { force: true }));
      const all = [...files.values()];
      try {
        const raw = await readFile(documentPath);
        const document = parseDocument(dataDocumentSchema, raw);
        if (document.data_handle !== id) throw new Error(`it names data handle ${document.data_handle}`);
        if (!arrowPath) throw new Error('its .arrow file is missing');
        const size = (await stat(arrowPath)).size;
        if (size !== document.bytes) throw new Error(`its .arrow file holds ${size} bytes, ${document.bytes} were saved`);
        return { document, bytes: raw.byteLength + size };
      } catch (error) {
        await quarantine.move(all, reason(error), documentPath);
        return undefined;
      }
    }),
  );
  return found.filter((entry) => entry !== undefined);
}

async function scanJobs(layout: StateLayout, sessionId: string, quarantine: Quarantine): Promise<{ job: ScannedJob; bytes: number }[]> {
  const groups = await groupFiles(layout.jobsDir(sessionId), [DOCUMENT_EXTENSION, RESULT_EXTENSION, INPUT_EXTENSION], quarantine);
  const found = await Promise.all(
    [...groups].map(async ([id, files]) => {
      const documentPath = files.get(DOCUMENT_EXTENSION);
      if (!documentPath) {
        // A result or input whose record was never committed (or already removed).
        await Promise.all([...files.values()].map((path) => rm(path, { force: true })));
        return undefined;
      }
      try {
        const raw = await readFile(documentPath);
        const document = parseDocument(jobDocumentSchema, raw);
        if (document.job_id !== id) throw new Error(`it names job ${document.job_id}`);
        const checked = await checkJobFiles(document, files);
        return { job: checked.job, bytes: raw.byteLength + checked.bytes };
      } catch (error) {
        await quarantine.move([...files.values()], reason(error), documentPath);
        return undefined;
      }
    }),
  );
  return found.filter((entry) => entry !== undefined);
}

/** The job with what it needs to run again if queued, and the bytes of its result and input. */
async function checkJobFiles(document: JobDocument, files: Map<string, string>): Promise<{ job: ScannedJob; bytes: number }> {
  const resultPath = files.get(RESULT_EXTENSION);
  const inputPath = files.get(INPUT_EXTENSION);
  let bytes = 0;
  if (document.status === 'complete') {
    if (!resultPath) throw new Error('its .result file is missing');
    const size = (await stat(resultPath)).size;
    if (size !== document.result!.bytes) throw new Error(`its .result file holds ${size} bytes, ${document.result!.bytes} were saved`);
    bytes += size;
  } else if (resultPath) {
    await rm(resultPath, { force: true });
  }
  if (document.status !== 'queued') {
    if (inputPath) await rm(inputPath, { force: true });
    return { job: { document, queued: null }, bytes };
  }
  const submission = document.submission!;
  if (!inputPath) throw new Error('its .input.arrow file is missing');
  const [data, links] = await Promise.all([readFile(inputPath), stat(inputPath).then((stats) => stats.nlink)]);
  if (data.byteLength !== submission.data_bytes) throw new Error(`its .input.arrow file holds ${data.byteLength} bytes, ${submission.data_bytes} were saved`);
  // A hard link to a data handle's file takes no extra room.
  if (links === 1) bytes += data.byteLength;
  return { job: { document, queued: { config: decodeConfig(submission.config), data } }, bytes };
}

/** Files of a folder grouped by object id (the name before the extension); unknown names are set aside. */
async function groupFiles(dir: string, extensions: readonly string[], quarantine: Quarantine): Promise<Map<string, Map<string, string>>> {
  const groups = new Map<string, Map<string, string>>();
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      await mkdir(dir, { recursive: true });
      return groups;
    }
    throw error;
  }
  // Longest extension first: `.input.arrow` before `.arrow`.
  const ordered = [...extensions].sort((a, b) => b.length - a.length);
  for (const entry of entries) {
    const extension = entry.isFile() ? ordered.find((candidate) => entry.name.endsWith(candidate)) : undefined;
    const path = join(dir, entry.name);
    if (extension === undefined) {
      await quarantine.move([path], 'not a file this server writes');
      continue;
    }
    const id = entry.name.slice(0, -extension.length);
    if (!groups.has(id)) groups.set(id, new Map());
    groups.get(id)!.set(extension, path);
  }
  return groups;
}

/** Moves unreadable files to damaged/, one log line per object. */
export class Quarantine {
  private readonly stamp = new Date().toISOString().replace(/[:.]/g, '-');

  constructor(
    private readonly layout: StateLayout,
    private readonly log: DamageLog,
  ) {}

  async move(paths: readonly string[], why: string, named: string = paths[0]!): Promise<void> {
    await mkdir(this.layout.damagedDir, { recursive: true });
    for (const path of paths) {
      const flat = relative(this.layout.root, path).split(/[\\/]/).join('_') || basename(path);
      await rename(path, join(this.layout.damagedDir, `${this.stamp}_${flat}`)).catch(() => rm(path, { recursive: true, force: true }));
    }
    this.log(`Saved state: ${relative(this.layout.root, named)} could not be read (${why}); moved to ${relative(this.layout.root, this.layout.damagedDir)}/.`);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
