/**
 * Writes a chunked upload to disk while it arrives: chunks are appended in index order as soon
 * as the ones before them are in, and the moment the last byte is in, the file starts being
 * made durable — while `data.upload.end` is still joining and decoding the chunks in memory — so
 * the answer to `end` waits for the disk as little as possible. Writes run one after another on
 * the thread pool (SequentialFileWriter); the request path never waits for them.
 */
import { rm } from 'node:fs/promises';
import { SequentialFileWriter } from './sequential-file-writer.js';
import { SerialQueue } from './serial-queue.js';

export class UploadSpool {
  private writer: Promise<SequentialFileWriter> | null = null;
  private readonly writes = new SerialQueue();
  private failure: Error | null = null;
  private nextIndex = 1;
  private appended = 0;
  private finished: Promise<number> | null = null;
  private readonly waiting = new Map<number, Uint8Array>();
  private discarded = false;

  constructor(
    readonly path: string,
    private readonly totalBytes: number,
  ) {}

  /** Takes chunk `index` (1-based, each once); it is written once every earlier chunk is. */
  add(index: number, bytes: Uint8Array): void {
    if (this.discarded) return;
    this.waiting.set(index, bytes);
    for (let chunk = this.waiting.get(this.nextIndex); chunk !== undefined; chunk = this.waiting.get(this.nextIndex)) {
      this.waiting.delete(this.nextIndex);
      this.nextIndex += 1;
      this.appended += chunk.byteLength;
      this.enqueue((writer) => writer.append(chunk));
    }
    if (this.complete) this.startFinishing();
  }

  /** Waits for every chunk to be on disk and flushed; the file is then ready to be renamed. Returns its length. */
  async finish(): Promise<number> {
    if (!this.complete) throw new Error('the upload is missing chunks');
    return this.startFinishing();
  }

  /** Stops writing and removes the file. */
  async discard(): Promise<void> {
    this.discarded = true;
    this.waiting.clear();
    await this.writes.drained();
    const writer = this.writer;
    this.writer = null;
    if (writer) await (await writer.catch(() => null))?.abandon();
    await rm(this.path, { force: true });
  }

  /** Every declared byte is queued for writing. */
  private get complete(): boolean {
    return this.waiting.size === 0 && this.appended === this.totalBytes;
  }

  private startFinishing(): Promise<number> {
    if (!this.finished) {
      let length = 0;
      this.enqueue(async (writer) => {
        length = await writer.finish();
      });
      this.finished = this.writes.drained().then(() => {
        if (this.failure) throw this.failure;
        return length;
      });
      // Reported to whoever calls finish(); never an unhandled rejection meanwhile.
      this.finished.catch(() => {});
    }
    return this.finished;
  }

  private enqueue(step: (writer: SequentialFileWriter) => Promise<void>): void {
    if (!this.writer) {
      this.writer = SequentialFileWriter.create(this.path);
      // Handled here so a failed open is reported through `failure`, never as an unhandled rejection.
      this.writer.catch(() => {});
    }
    const writer = this.writer;
    // A step never rejects: its error is kept in `failure`, and the steps after it do nothing.
    void this.writes.run(async () => {
      if (this.failure || this.discarded) return;
      try {
        await step(await writer);
      } catch (error) {
        this.failure = error as Error;
      }
    });
  }
}
