/**
 * Per-connection inbound byte stream (§1.5): a frame may span several WebSocket
 * messages and one message may hold several frames. Chunks are joined only once
 * enough bytes have arrived, so a large frame sent in many pieces is copied once.
 */
import { decodeFrame, type DecodedFrame } from './frame.js';

export type NextFrame =
  | { kind: 'frame'; frame: DecodedFrame }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; message: string };

export class FrameBuffer {
  private chunks: Uint8Array[] = [];
  private length = 0;
  private needed = 4;

  get bufferedBytes(): number {
    return this.length;
  }

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The next complete frame; on a malformed frame the whole buffer is discarded (§1.6). */
  next(): NextFrame {
    if (this.length < this.needed) return { kind: 'incomplete' };
    const buffer = this.flatten();
    const result = decodeFrame(buffer);
    if (result.kind === 'incomplete') {
      this.needed = result.needed;
      return { kind: 'incomplete' };
    }
    if (result.kind === 'malformed') {
      this.clear();
      return result;
    }
    const rest = buffer.subarray(result.consumed);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    this.needed = 4;
    return { kind: 'frame', frame: result.frame };
  }

  clear(): void {
    this.chunks = [];
    this.length = 0;
    this.needed = 4;
  }

  private flatten(): Uint8Array {
    if (this.chunks.length !== 1) {
      this.chunks = [Buffer.concat(this.chunks, this.length)];
    }
    return this.chunks[0]!;
  }
}
