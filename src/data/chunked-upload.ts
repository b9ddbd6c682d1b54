/**
 * A pending chunked upload (§5.3). Unlike the reference (B.15) it is bounded: the
 * declared size is capped, chunks may not exceed the declared total, and the
 * session's pending uploads are capped and collected with the data TTL.
 */
import { invalidParams } from '../protocol/wire-error.js';
import { newId } from '../sessions/ids.js';

export const MAX_PENDING_UPLOADS_PER_SESSION = 8;
/** Largest table a chunked upload may declare (it is held in memory twice while decoding). */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
export const MAX_UPLOAD_CHUNKS = 1_000_000;

export class PendingUpload {
  readonly id = newId('upload');
  private readonly chunks = new Map<number, Uint8Array>();
  private receivedBytes = 0;
  lastUsed: Date;

  constructor(
    readonly name: string,
    readonly totalBytes: number,
    readonly nChunks: number,
    now: Date,
  ) {
    this.lastUsed = now;
  }

  get receivedCount(): number {
    return this.chunks.size;
  }

  get received(): number {
    return this.receivedBytes;
  }

  /** Stores chunk `index` (1-based) and returns the index and its stored copy; throws `invalid_params` for a bad or repeated index. */
  addChunk(index: unknown, bytes: Uint8Array, now: Date): { index: number; bytes: Uint8Array } {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 1 || index > this.nChunks) {
      throw invalidParams(`\`chunk_index\` must be between 1 and ${this.nChunks} (got ${formatValue(index)}).`);
    }
    if (this.chunks.has(index)) throw invalidParams(`Chunk ${index} already received.`);
    if (this.receivedBytes + bytes.length > this.totalBytes) {
      throw invalidParams(
        `Upload size mismatch: declared ${this.totalBytes} bytes, chunk ${index} would bring the total to ${this.receivedBytes + bytes.length}.`,
      );
    }
    const stored = bytes.slice();
    this.chunks.set(index, stored);
    this.receivedBytes += bytes.length;
    this.lastUsed = now;
    return { index, bytes: stored };
  }

  /** Joins the chunks in index order once every chunk and byte has arrived. */
  assemble(): Uint8Array {
    if (this.chunks.size !== this.nChunks) {
      throw invalidParams(`Upload incomplete: received ${this.chunks.size} of ${this.nChunks} chunks.`);
    }
    if (this.receivedBytes !== this.totalBytes) {
      throw invalidParams(`Upload size mismatch: declared ${this.totalBytes} bytes, received ${this.receivedBytes}.`);
    }
    const whole = new Uint8Array(this.totalBytes);
    let offset = 0;
    for (let index = 1; index <= this.nChunks; index += 1) {
      const chunk = this.chunks.get(index)!;
      whole.set(chunk, offset);
      offset += chunk.length;
      // Each chunk can go as soon as it is copied: a big upload is not held twice over.
      this.chunks.delete(index);
    }
    return whole;
  }
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}
