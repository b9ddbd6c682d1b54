/**
 * One WebSocket connection: its auth and attachment state, its inbound frame
 * buffer, and strictly sequential processing — a response is written before the
 * next inbound frame is handled (§2.6).
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { FrameBuffer, type NextFrame } from '../protocol/frame-buffer.js';
import { newId } from '../sessions/ids.js';

/** Beyond this much unsent data the client is not reading; treat it as a failed write. */
const MAX_BUFFERED_BYTES = 512 * 1024 * 1024;
export const AUTH_STRIKES = 3;

/** Handles one complete (or malformed) frame; returns a promise only while it is still working. */
export type FrameHandler = (next: Exclude<NextFrame, { kind: 'incomplete' }>) => Promise<void> | void;

export class Connection {
  readonly id = newId('conn');
  authenticated = false;
  failedAuths = 0;
  sessionId: string | null = null;
  /** Set by the third failed `auth`: the socket closes once that response is out (B.1). */
  closeAfterResponse = false;
  private readonly frames = new FrameBuffer();
  private processing = false;
  private writesHeld = false;

  /** `stream`: the TCP stream under `socket`. */
  constructor(
    private readonly socket: WebSocket,
    private readonly stream: Duplex,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** Writes one frame; false when the socket can no longer take it (§4.5 write failure). */
  send(frame: Uint8Array): boolean {
    if (!this.isOpen || this.socket.bufferedAmount > MAX_BUFFERED_BYTES) return false;
    this.holdWrites();
    this.socket.send(frame, { binary: true });
    return true;
  }

  /**
   * Frames sent within one tick leave in one write: a worker's burst of progress events then
   * costs one system call and one wake-up of the client, not one each.
   */
  private holdWrites(): void {
    if (this.writesHeld) return;
    this.writesHeld = true;
    this.stream.cork();
    process.nextTick(() => {
      this.writesHeld = false;
      this.stream.uncork();
    });
  }

  close(code = 1000, reason = ''): void {
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  /**
   * Buffers `chunk` and handles every complete frame in order with `handle`,
   * one at a time even when handlers are asynchronous.
   */
  receive(chunk: Uint8Array, handle: FrameHandler): void {
    this.frames.append(chunk);
    if (!this.processing) this.pump(handle);
  }

  /** Synchronous while handlers are; resumes from the promise of one that is not. */
  private pump(handle: FrameHandler): void {
    this.processing = true;
    for (let next = this.frames.next(); next.kind !== 'incomplete' && this.isOpen; next = this.frames.next()) {
      let pending: Promise<void> | void;
      try {
        pending = handle(next);
      } catch {
        return this.fail();
      }
      if (pending) {
        pending.then(
          () => this.pump(handle),
          () => this.fail(),
        );
        return;
      }
    }
    this.processing = false;
  }

  /** The dispatcher answers every failure itself; anything escaping it is a bug, so drop the socket. */
  private fail(): void {
    this.processing = false;
    this.close(1011, 'internal error');
  }
}
