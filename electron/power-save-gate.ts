/**
 * Keeps the machine awake while jobs run (Electron's powerSaveBlocker behind `blocker`),
 * and lets it sleep again when the last one finishes.
 */
import type { ServerStatus } from '../src/server/status.js';

export interface SleepBlocker {
  start(): number;
  stop(id: number): void;
}

const ACTIVE = new Set(['queued', 'running', 'cancelling']);

export function hasActiveJobs(status: ServerStatus | null): boolean {
  return status !== null && status.jobs.some((job) => ACTIVE.has(job.status));
}

export class PowerSaveGate {
  private blockerId: number | null = null;

  constructor(private readonly blocker: SleepBlocker) {}

  get blocking(): boolean {
    return this.blockerId !== null;
  }

  update(status: ServerStatus | null): void {
    const wanted = hasActiveJobs(status);
    if (wanted && this.blockerId === null) this.blockerId = this.blocker.start();
    if (!wanted) this.release();
  }

  release(): void {
    if (this.blockerId === null) return;
    this.blocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
