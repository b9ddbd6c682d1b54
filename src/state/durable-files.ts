/**
 * Crash-safe file operations, after SQLite's atomic-commit discipline: a file is written
 * under a temporary name, flushed to the disk, renamed over its final name, and the
 * directory is flushed, so a kill (or a power cut) at any instant leaves either the old
 * file or the new one, never a torn one. Every call is asynchronous: the work runs on
 * libuv's thread pool, never on the event loop.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Flushes a directory's entries (a rename or unlink inside it) to the disk. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    // Windows cannot open a directory this way; its renames are durable through NTFS's journal.
    if (isCode(error, 'EISDIR', 'EPERM', 'EACCES')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EINVAL', 'EPERM', 'EBADF')) throw error;
  } finally {
    await handle.close();
  }
}

/** A fresh temporary path in `tmpDir` for a file that will become `finalPath`. */
function temporaryPath(tmpDir: string, finalPath: string): string {
  return join(tmpDir, `${basename(finalPath)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes `data` so that `path` holds either its old content or all of `data`. Returns the size. */
export async function writeFileDurably(path: string, data: Uint8Array | string, tmpDir: string): Promise<number> {
  const temporary = temporaryPath(tmpDir, path);
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

/** Moves an already flushed file into place and flushes its new directory. */
export async function commitFile(temporary: string, path: string): Promise<void> {
  await rename(temporary, path);
  await syncDirectory(dirname(path));
}

/** Removes files (missing ones are fine), then flushes their directories. */
export async function removeFilesDurably(paths: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const path of paths) {
    try {
      await unlink(path);
      dirs.add(dirname(path));
    } catch (error) {
      if (!isCode(error, 'ENOENT')) throw error;
    }
  }
  for (const dir of dirs) await syncDirectory(dir);
}

export function isCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException | null)?.code ?? '');
}
