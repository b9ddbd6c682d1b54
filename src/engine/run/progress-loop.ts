/**
 * rtemis.core's counted progress loops (rtemis-model §6.1 kind 3): `level: "progress"`
 * envelopes with `current`/`total`, ids `pb1`, `pb2`, … from one counter per run. The
 * server takes the first loop of a job as its root and reports current/total as the
 * job's `fraction` (protocol §7.3). Updates of throttled loops are limited to one per
 * 0.1 s except the last; the outer-resampling loop reports every fold, since each is a
 * visible step of the job's fraction.
 */
import { timestamp, type RunIo } from './progress-io.js';

const THROTTLE_MS = 100;

/** `pb1`, `pb2`, …; a unit run elsewhere uses its own prefix (`n1.2.pb1`) so ids never collide. */
export class LoopIds {
  private count = 0;
  constructor(private readonly prefix = 'pb') {}
  next(): string {
    this.count += 1;
    return `${this.prefix}${this.count}`;
  }
}

export class ProgressLoop {
  private readonly id: string;
  private current = 0;
  private lastSent = -Infinity;

  constructor(
    private readonly io: RunIo,
    ids: LoopIds,
    private readonly parentId: string,
    private readonly kind: string,
    private readonly label: string,
    private readonly total: number,
    private readonly throttled: boolean,
  ) {
    this.id = ids.next();
    this.send('start');
  }

  /** One more step done. */
  tick(): void {
    this.current += 1;
    const now = performance.now();
    if (!this.throttled || this.current >= this.total || now - this.lastSent >= THROTTLE_MS) this.send('update');
  }

  done(): void {
    this.send('done');
  }

  fail(cancelled: boolean): void {
    this.send(cancelled ? 'aborted' : 'error');
  }

  private send(status: string): void {
    this.lastSent = performance.now();
    this.io.emit({
      caller: null,
      message: `${this.label} ${this.current}/${this.total}`,
      ts: timestamp(),
      level: 'progress',
      node_id: this.id,
      parent_id: this.parentId,
      kind: this.kind,
      status,
      current: this.current,
      total: this.total,
    });
  }
}
