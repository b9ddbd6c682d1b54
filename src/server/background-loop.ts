/**
 * The periodic tick (§8): heartbeats when enabled, and garbage collection of idle
 * data handles, pending uploads (B.15) and sessions. Inbound frames, progress and
 * job resolution are event-driven and need no tick.
 */
import { isoTimestamp } from './clock.js';
import type { ServerContext } from './server-context.js';

const FIRST_TICK_MS = 10;

export class BackgroundLoop {
  private timer: NodeJS.Timeout | null = null;
  private lastHeartbeat: number;
  private lastGc: number;

  constructor(private readonly server: ServerContext) {
    this.lastHeartbeat = server.startedAt;
    this.lastGc = server.startedAt;
  }

  start(): void {
    this.schedule(FIRST_TICK_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One pass; a failure is logged and never stops the loop. */
  tick(now: Date = new Date()): void {
    try {
      this.heartbeat(now);
      this.collectGarbage(now);
    } catch (error) {
      this.server.logger.error(`Background tick failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.tick();
      if (this.timer) this.schedule(this.server.options.tickMs);
    }, delay);
    this.timer.unref();
  }

  private heartbeat(now: Date): void {
    const interval = this.server.options.heartbeatInterval;
    if (!(interval > 0) || now.getTime() - this.lastHeartbeat < interval * 1000) return;
    this.lastHeartbeat = now.getTime();
    const data = { ts: isoTimestamp(now), daemon_count: this.server.jobs.workerCount, jobs_running: this.server.jobs.activeCount };
    for (const session of this.server.sessions.list()) this.server.emitToSession(session, 'heartbeat', data);
  }

  private collectGarbage(now: Date): void {
    const { gcInterval, dataTtl, sessionTtl } = this.server.options;
    if (now.getTime() - this.lastGc < gcInterval * 1000) return;
    this.lastGc = now.getTime();
    const expired = (lastUsed: Date) => now.getTime() - lastUsed.getTime() > dataTtl * 1000;
    let changed = false;
    for (const session of this.server.sessions.list()) {
      for (const [id, handle] of session.data) {
        if (expired(handle.lastUsed)) {
          session.data.delete(id);
          this.server.persistence?.dataRemoved(session, id);
          changed = true;
        }
      }
      for (const [id, upload] of session.uploads) {
        if (!expired(upload.lastUsed)) continue;
        session.uploads.delete(id);
        this.server.persistence?.uploadDropped(id);
      }
    }
    const dropped = this.server.sessions.collectIdle(now, sessionTtl);
    if (dropped.length > 0) this.server.logger.info(`Collected ${dropped.length} idle session(s).`);
    if (changed || dropped.length > 0) this.server.notifyChange();
  }
}
