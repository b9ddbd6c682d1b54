/**
 * How much room saved work may take: a cap (`--max-state-bytes`, or by default half of
 * what the disk had free plus what the state already used at start-up), the bytes in use,
 * and room reserved by uploads in progress. New uploads that would pass the cap are
 * refused with a clear error instead of filling the disk.
 */
import { lstat, readdir, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { WireError } from '../protocol/wire-error.js';

/** Share of the free disk space saved work may take when no cap is configured. */
export const DEFAULT_FREE_SPACE_SHARE = 0.5;

export class StorageBudget {
  private reserved = 0;

  constructor(
    readonly limit: number,
    private used: number,
  ) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Throws `too_many` when `bytes` more would pass the cap. */
  ensureRoom(bytes: number): void {
    const free = this.limit - this.used - this.reserved;
    if (bytes <= free) return;
    throw new WireError(
      'too_many',
      `Not enough room for saved work: this upload needs ${megabytes(bytes)} but only ${megabytes(Math.max(0, free))} of the ${megabytes(this.limit)} limit are free. Delete data sets, jobs or sessions you no longer need, or raise the limit (--max-state-bytes).`,
    );
  }

  /** Holds room for an upload in progress; returns its release. */
  reserve(bytes: number): () => void {
    this.ensureRoom(bytes);
    this.reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
    };
  }

  added(bytes: number): void {
    this.used += bytes;
  }

  /** Replaces the running total by a fresh count (deletions, hard links). */
  recounted(bytes: number): void {
    this.used = bytes;
  }
}

/** What the state already uses plus half of the disk's free space, measured at start-up. */
export async function defaultStorageLimit(dir: string, used: number): Promise<number> {
  const stats = await statfs(dir);
  return used + Math.floor(stats.bavail * stats.bsize * DEFAULT_FREE_SPACE_SHARE);
}

/** Bytes of every file under `dir`, a hard-linked file counted once. */
export async function measureDirectory(dir: string): Promise<number> {
  const seen = new Set<string>();
  let total = 0;
  const walk = async (path: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) {
        const stats = await lstat(child).catch(() => null);
        if (!stats) continue;
        const key = `${stats.dev}:${stats.ino}`;
        if (seen.has(key)) continue;
        seen.add(key);
        total += stats.size;
      }
    }
  };
  await walk(dir);
  return total;
}

function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
