/** Turns the lifecycle snapshot and settings into what the status window renders. */
import { availableParallelism } from 'node:os';
import type { JobStatus } from '../src/server/status.js';
import type { StatusView } from './ipc-contract.js';
import type { LifecycleSnapshot } from './server-lifecycle.js';
import type { Settings } from './settings-schema.js';
import { serverStateLine } from './tray-menu-model.js';

export const RECENT_JOBS = 10;

const ACTIVE: ReadonlySet<JobStatus['status']> = new Set(['queued', 'running', 'cancelling']);

export interface StatusViewInputs {
  lifecycle: LifecycleSnapshot;
  settings: Settings;
  logTail: string[];
  logDir: string;
  /** The server's state directory; null when it saves nothing. */
  stateDir: string | null;
  canRememberToken: boolean;
}

export function buildStatusView(inputs: StatusViewInputs): StatusView {
  const { lifecycle, settings } = inputs;
  const status = lifecycle.status;
  const jobs = status?.jobs ?? [];
  const activeJobs = jobs
    .filter((job) => ACTIVE.has(job.status))
    // Running first, then the queue in order.
    .sort((a, b) => (a.queue_position ?? -1) - (b.queue_position ?? -1) || a.submitted_at.localeCompare(b.submitted_at));
  const recentJobs = jobs
    .filter((job) => !ACTIVE.has(job.status))
    .sort((a, b) => (b.completed_at ?? '').localeCompare(a.completed_at ?? ''))
    .slice(0, RECENT_JOBS);
  const showTail = lifecycle.phase === 'failed' || lifecycle.phase === 'backoff';
  return {
    phase: lifecycle.phase,
    token: lifecycle.token,
    url: lifecycle.phase === 'running' && status ? status.url : null,
    port: status?.port ?? lifecycle.config.port,
    stateLine: serverStateLine({ lifecycle, startAtLogin: settings.startAtLogin }),
    error: lifecycle.error,
    logTail: showTail ? inputs.logTail : [],
    restarts: lifecycle.restarts,
    origins: status?.origins ?? [],
    nWorkers: status?.n_workers ?? settings.workers ?? availableParallelism(),
    sessions: status?.sessions ?? [],
    activeJobs,
    recentJobs,
    settings,
    logDir: inputs.logDir,
    storage: {
      dir: status?.storage?.dir ?? inputs.stateDir,
      bytes: status?.storage?.bytes ?? null,
      maxBytes: status?.storage?.max_bytes ?? settings.maxStateBytes,
    },
    canRememberToken: inputs.canRememberToken,
  };
}
