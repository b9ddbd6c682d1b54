/**
 * A lean soak client: sends frames, keeps no history, and tracks every request that deserves
 * an answer (a well-formed frame on a clean connection) until it is answered or overdue.
 */
import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../src/protocol/frame.js';
import { TEST_ORIGIN } from '../support/wire-client.js';

export type Header = Record<string, any>;

/** A request unanswered for this long counts as a hang. */
export const HANG_MS = 5_000;
/** Requests in flight per connection before the sender waits. */
const WINDOW = 32;

interface Pending {
  sentAt: number;
  resolve: (header: Header | null) => void;
}

export class SoakConnection {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closedFlag = false;
  answered = 0;
  hangs = 0;
  framesSent = 0;
  /** Set when the server closed a connection that was owed answers. */
  lostAnswers = 0;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => this.onMessage(data));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.closedFlag = true;
        this.lostAnswers += this.pending.size;
        for (const waiting of this.pending.values()) waiting.resolve(null);
        this.pending.clear();
        resolve();
      }),
    );
  }

  static async open(url: string): Promise<SoakConnection> {
    const socket = new WebSocket(url, { origin: TEST_ORIGIN, maxPayload: 512 * 1024 * 1024 });
    const connection = new SoakConnection(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('closed before ready')));
    });
    return connection;
  }

  get isOpen(): boolean {
    return !this.closedFlag;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a tracked request; resolves with its response header, or null if the socket closed. */
  request(method: string, params?: unknown, payload?: Uint8Array): Promise<Header | null> {
    const id = (this.nextId += 1);
    const header: Header = { v: 1, id, method };
    if (params !== undefined) header.params = params;
    const answer = new Promise<Header | null>((resolve) => this.pending.set(id, { sentAt: Date.now(), resolve }));
    this.send(encodeFrame(header, payload));
    return answer;
  }

  /** A tracked request whose answer nobody waits for; waits first while the window is full. */
  async fire(method: string, params?: unknown, payload?: Uint8Array): Promise<void> {
    while (this.pending.size >= WINDOW && this.isOpen) await new Promise((r) => setTimeout(r, 1));
    if (this.isOpen) void this.request(method, params, payload);
  }

  /** Untracked bytes (garbage, truncated or corrupted frames). */
  raw(bytes: Uint8Array, frames: number): void {
    this.send(bytes, frames);
  }

  /** Waits until every tracked request is answered (or overdue, or the socket closed). */
  async drain(): Promise<void> {
    while (this.pending.size > 0 && this.isOpen) {
      this.sweep(Date.now());
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits until the socket has written what it was given (so a burst does not pile up in memory). */
  async flushed(): Promise<void> {
    while (this.isOpen && this.socket.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 1));
  }

  /** Counts and forgets requests older than HANG_MS. */
  sweep(now: number): void {
    for (const [id, waiting] of this.pending) {
      if (now - waiting.sentAt <= HANG_MS) continue;
      this.hangs += 1;
      this.pending.delete(id);
      waiting.resolve(null);
    }
  }

  async close(): Promise<void> {
    if (this.isOpen) this.socket.close();
    await this.closed;
  }

  private send(bytes: Uint8Array, frames = 1): void {
    if (!this.isOpen) return;
    this.framesSent += frames;
    this.socket.send(bytes, { binary: true });
  }

  private onMessage(data: Buffer): void {
    const decoded = decodeFrame(data);
    if (decoded.kind !== 'frame') return;
    const header = decoded.frame.header as Header;
    if (typeof header.id !== 'number') return;
    const waiting = this.pending.get(header.id);
    if (waiting === undefined) return;
    this.pending.delete(header.id);
    this.answered += 1;
    waiting.resolve(header);
  }
}
