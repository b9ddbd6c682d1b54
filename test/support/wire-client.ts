/** A real `ws` client speaking the frame protocol, for tests and benchmarks. */
import { WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../src/protocol/frame.js';

export interface Frame {
  header: Record<string, any>;
  payload: Uint8Array | null;
}

export const TEST_ORIGIN = 'https://live.rtemis.org';

export class WireClient {
  readonly frames: Frame[] = [];
  private waiters: { match: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];
  private nextId = 0;
  /** How long `request` waits for its response (benchmarks moving hundreds of megabytes raise it). */
  responseTimeoutMs = 20_000;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => this.onMessage(data));
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket and waits for the `ready` event. */
  static async connect(url: string, origin: string = TEST_ORIGIN): Promise<WireClient> {
    const socket = new WebSocket(url, { origin, maxPayload: 512 * 1024 * 1024 });
    const client = new WireClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.waitFor((frame) => frame.header.event === 'ready');
    return client;
  }

  /** Connects and authenticates. */
  static async authed(url: string, token: string): Promise<WireClient> {
    const client = await WireClient.connect(url);
    const reply = await client.request('auth', { token });
    if (!reply.header.ok) throw new Error(`auth failed: ${JSON.stringify(reply.header)}`);
    return client;
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  /** Sends one request frame and resolves with its response. */
  request(method: string, params?: unknown, payload?: Uint8Array): Promise<Frame> {
    const id = `r${(this.nextId += 1)}`;
    const header: Record<string, unknown> = { v: 1, id, method };
    if (params !== undefined) header.params = params;
    const response = this.waitFor((frame) => frame.header.id === id && 'ok' in frame.header, this.responseTimeoutMs);
    this.sendRaw(encodeFrame(header, payload));
    return response;
  }

  /** Resolves with `result`, or rejects with the error envelope. */
  async call(method: string, params?: unknown, payload?: Uint8Array): Promise<any> {
    const { header } = await this.request(method, params, payload);
    if (!header.ok) throw Object.assign(new Error(`${header.error.code}: ${header.error.message}`), header.error);
    return header.result;
  }

  /** Resolves with the error `{code, message}` of a request expected to fail. */
  async error(method: string, params?: unknown, payload?: Uint8Array): Promise<{ code: string; message: string }> {
    const { header } = await this.request(method, params, payload);
    if (header.ok) throw new Error(`expected ${method} to fail, got ${JSON.stringify(header.result)}`);
    return header.error;
  }

  /** The first frame (already received or future) matching `match`. */
  waitFor(match: (frame: Frame) => boolean, timeoutMs = 20_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
    });
  }

  waitForEvent(name: string, predicate: (data: any) => boolean = () => true, timeoutMs?: number): Promise<any> {
    return this.waitFor((frame) => frame.header.event === name && predicate(frame.header.data), timeoutMs).then(
      (frame) => frame.header.data,
    );
  }

  events(name: string): any[] {
    return this.frames.filter((frame) => frame.header.event === name).map((frame) => frame.header.data);
  }

  close(): Promise<{ code: number; reason: string }> {
    this.socket.close();
    return this.closed;
  }

  private onMessage(data: Buffer): void {
    const decoded = decodeFrame(new Uint8Array(data));
    if (decoded.kind !== 'frame') throw new Error(`server sent an undecodable message: ${JSON.stringify(decoded)}`);
    const frame: Frame = { header: decoded.frame.header, payload: decoded.frame.payload };
    this.frames.push(frame);
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.match(frame)) waiter.resolve(frame);
      else this.waiters.push(waiter);
    }
  }
}
