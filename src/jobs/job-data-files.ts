/**
 * Each running job's data as a file its workers read, once each (a pool worker gets the
 * path, never the bytes): one private temporary folder per server, one file per job,
 * removed when the job ends and the folder when the server stops.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class JobDataFiles {
  private dir: string | null = null;

  /** Writes the job's data; resolves with the file's path. */
  async write(jobId: string, bytes: Uint8Array): Promise<string> {
    this.dir ??= mkdtempSync(path.join(tmpdir(), 'rtemislive-jobs-'));
    const file = this.pathOf(jobId)!;
    await writeFile(file, bytes, { mode: 0o600 });
    return file;
  }

  remove(jobId: string): void {
    const file = this.pathOf(jobId);
    // unlink, not rm: rm({ force }) stats the path synchronously on the calling (main) thread first.
    if (file !== null) void unlink(file).catch(() => {});
  }

  close(): void {
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }

  private pathOf(jobId: string): string | null {
    return this.dir === null ? null : path.join(this.dir, `${jobId}.arrow`);
  }
}
