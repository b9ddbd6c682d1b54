/**
 * Appends bytes to a new file and makes them durable, costing the event loop's cores as little
 * as it can. Where the platform and the file system allow it (Linux, O_DIRECT), bytes are copied
 * into an aligned staging buffer and written straight to the disk: no page-cache copy in the
 * kernel and almost nothing left to flush at the end (400 MB measured here: 0.04 s of system time
 * instead of 0.18 s, and no 0.15 s final `fdatasync`). Anywhere else the file is
 * written through the page cache and flushed every `BUFFERED_FLUSH_BYTES`, so the final flush
 * stays short. Every write runs on libuv's thread pool; calls must not overlap (the caller
 * chains them).
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Staging buffer size in direct mode: big enough for few system calls, small enough to be cheap. */
const STAGE_BYTES = 8 * 1024 * 1024;
/** Direct writes start, and their lengths are padded, on this boundary (every disk's block size divides it). */
const BLOCK_BYTES = 4096;
/** Buffered mode flushes after this many bytes, keeping the final flush small. */
const BUFFERED_FLUSH_BYTES = 64 * 1024 * 1024;

export class SequentialFileWriter {
  private length = 0;
  /** Bytes on the disk in direct mode; the staging buffer holds the ones after them. */
  private written = 0;
  private staged = 0;
  private unflushed = 0;

  private constructor(
    private readonly file: FileHandle,
    /** The aligned staging buffer in direct mode; null when writing through the page cache. */
    private readonly stage: Buffer | null,
  ) {}

  /**
   * Creates (or truncates) `path`, in direct mode when this file system supports it and
   * `allowDirect` (false forces the page-cache path that other platforms take).
   */
  static async create(path: string, allowDirect = true): Promise<SequentialFileWriter> {
    const direct = allowDirect ? await openDirect(path) : null;
    if (direct) return new SequentialFileWriter(direct.file, direct.stage);
    return new SequentialFileWriter(await open(path, 'w'), null);
  }

  get direct(): boolean {
    return this.stage !== null;
  }

  async append(bytes: Uint8Array): Promise<void> {
    this.length += bytes.byteLength;
    if (!this.stage) {
      await this.file.write(bytes, 0, bytes.byteLength);
      this.unflushed += bytes.byteLength;
      if (this.unflushed >= BUFFERED_FLUSH_BYTES) {
        this.unflushed = 0;
        await this.file.datasync();
      }
      return;
    }
    let from = 0;
    while (from < bytes.byteLength) {
      const take = Math.min(STAGE_BYTES - this.staged, bytes.byteLength - from);
      this.stage.set(bytes.subarray(from, from + take), this.staged);
      this.staged += take;
      from += take;
      if (this.staged === STAGE_BYTES) await this.writeStage(STAGE_BYTES);
    }
  }

  /** Writes what is left, makes the whole file durable and closes it. Returns the file's length. */
  async finish(): Promise<number> {
    try {
      if (this.stage && this.staged > 0) {
        // Direct writes are whole blocks: the padding past the end is cut off again.
        await this.writeStage(Math.ceil(this.staged / BLOCK_BYTES) * BLOCK_BYTES);
        await this.file.truncate(this.length);
      }
      await this.file.datasync();
    } finally {
      await this.file.close();
    }
    return this.length;
  }

  /** Closes the file without making it durable (the caller removes it). */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => {});
  }

  private async writeStage(bytes: number): Promise<void> {
    await this.file.write(this.stage!, 0, bytes, this.written);
    this.written += this.staged;
    this.staged = 0;
  }
}

/**
 * Opens `path` for direct writes and finds, inside a slightly larger allocation, a staging buffer
 * whose address the disk accepts: JavaScript cannot ask for an aligned address, so it tries
 * offsets until a two-page direct write succeeds. Null when direct writes are not possible here.
 */
async function openDirect(path: string): Promise<{ file: FileHandle; stage: Buffer } | null> {
  const flag = (constants as { O_DIRECT?: number }).O_DIRECT;
  if (flag === undefined) return null;
  let file: FileHandle;
  try {
    file = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | flag, 0o666);
  } catch {
    return null; // e.g. tmpfs refuses O_DIRECT
  }
  const memory = Buffer.allocUnsafeSlow(STAGE_BYTES + BLOCK_BYTES);
  const probeBytes = 2 * BLOCK_BYTES;
  for (let offset = 0; offset < BLOCK_BYTES; offset += 16) {
    try {
      await file.write(memory, offset, probeBytes, 0);
      await file.truncate(0);
      return { file, stage: memory.subarray(offset, offset + STAGE_BYTES) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL') break;
    }
  }
  await file.close();
  return null;
}
