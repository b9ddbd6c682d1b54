/**
 * Writes a chunked upload to disk while it arrives, so `data.upload.end` only has to flush
 * the tail: chunks are appended in index order as soon as the ones before them are in,
 * and the file is flushed every few tens of megabytes so the final flush stays short.
 * Writes run one after another on the thread pool; the request path never waits for them.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';

/** Flush written bytes to the disk after this many, keeping the final flush small. */
const FLUSH_EVERY_BYTES = 64 * 1024 * 1024;

export class UploadSpool {
  private file: Promise<FileHandle> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private nextIndex = 1;
  private offset = 0;
  private unflushed = 0;
  private readonly waiting = new Map<number, Uint8Array>();
  private discarded = false;

  constructor(readonly path: string) {}

  /** Takes chunk `index` (1-based, each once); it is written once every earlier chunk is. */
  add(index: number, bytes: Uint8Array): void {
    if (this.discarded) return;
    this.waiting.set(index, bytes);
    for (let chunk = this.waiting.get(this.nextIndex); chunk !== undefined; chunk = this.waiting.get(this.nextIndex)) {
      this.waiting.delete(this.nextIndex);
      this.nextIndex += 1;
      this.append(chunk);
    }
  }

  /** Waits for every chunk to be on disk and flushed; the file is then ready to be renamed. */
  async finish(): Promise<number> {
    if (this.waiting.size > 0) throw new Error('the upload is missing chunks');
    this.enqueue(async (file) => {
      await file.datasync();
      await file.close();
    });
    await this.chain;
    if (this.failure) throw this.failure;
    this.file = null;
    return this.offset;
  }

  /** Stops writing and removes the file. */
  async discard(): Promise<void> {
    this.discarded = true;
    this.waiting.clear();
    await this.chain;
    const file = this.file;
    this.file = null;
    if (file) await (await file).close().catch(() => {});
    await rm(this.path, { force: true });
  }

  private append(bytes: Uint8Array): void {
    const position = this.offset;
    this.offset += bytes.byteLength;
    this.enqueue(async (file) => {
      await file.write(bytes, 0, bytes.byteLength, position);
      this.unflushed += bytes.byteLength;
      if (this.unflushed >= FLUSH_EVERY_BYTES) {
        this.unflushed = 0;
        await file.datasync();
      }
    });
  }

  private enqueue(step: (file: FileHandle) => Promise<void>): void {
    if (!this.file) {
      this.file = open(this.path, 'w');
      // Handled here so a failed open is reported through `failure`, never as an unhandled rejection.
      this.file.catch(() => {});
    }
    const file = this.file;
    this.chain = this.chain.then(async () => {
      if (this.failure || this.discarded) return;
      try {
        await step(await file);
      } catch (error) {
        this.failure = error as Error;
      }
    });
  }
}
