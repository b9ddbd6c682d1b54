import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleSnapshot } from '../../electron/server-lifecycle.js';
import { DEFAULT_SETTINGS } from '../../electron/settings-schema.js';
import { RECENT_JOBS, buildStatusView } from '../../electron/status-view.js';
import { makeJob, makeStatus } from './fakes.js';

function snapshot(overrides: Partial<LifecycleSnapshot>): LifecycleSnapshot {
  return {
    phase: 'running',
    config: { port: 5757, token: 'aaaa-bbbb-cccc-dddd', extraOrigins: [], workers: 1, maxConcurrent: null, sessionTtl: 1, dataTtl: 1, maxStateBytes: null },
    token: 'aaaa-bbbb-cccc-dddd',
    status: makeStatus(),
    error: null,
    restarts: 0,
    ...overrides,
  };
}

const inputs = { settings: DEFAULT_SETTINGS, logTail: ['line 1', 'line 2'], logDir: '/logs', stateDir: '/data/state', canRememberToken: true };

describe('status view', () => {
  it('lists running jobs first, then the queue in order, then finished jobs newest first', () => {
    const jobs = [
      makeJob({ job_id: 'q2', status: 'queued', queue_position: 2 }),
      makeJob({ job_id: 'done-old', status: 'complete', completed_at: '2026-01-01T00:00:01Z' }),
      makeJob({ job_id: 'run', status: 'running' }),
      makeJob({ job_id: 'q1', status: 'queued', queue_position: 1 }),
      makeJob({ job_id: 'done-new', status: 'failed', completed_at: '2026-01-01T00:00:09Z' }),
      makeJob({ job_id: 'cancelling', status: 'cancelling' }),
    ];
    const view = buildStatusView({ ...inputs, lifecycle: snapshot({ status: makeStatus({ jobs }) }) });
    assert.deepEqual(view.activeJobs.map((job) => job.job_id), ['run', 'cancelling', 'q1', 'q2']);
    assert.deepEqual(view.recentJobs.map((job) => job.job_id), ['done-new', 'done-old']);
  });

  it('keeps only the most recent finished jobs', () => {
    const jobs = Array.from({ length: RECENT_JOBS + 5 }, (_, i) =>
      makeJob({ job_id: `j${i}`, status: 'complete', completed_at: `2026-01-01T00:00:${String(i).padStart(2, '0')}Z` }),
    );
    const view = buildStatusView({ ...inputs, lifecycle: snapshot({ status: makeStatus({ jobs }) }) });
    assert.equal(view.recentJobs.length, RECENT_JOBS);
    assert.equal(view.recentJobs[0]!.job_id, `j${RECENT_JOBS + 4}`);
  });

  it('shows the bound port and URL while running, the configured port otherwise', () => {
    const running = buildStatusView({ ...inputs, lifecycle: snapshot({ status: makeStatus({ port: 6001 }) }) });
    assert.equal(running.port, 6001);
    assert.equal(running.url, 'ws://127.0.0.1:6001/');
    const stopped = buildStatusView({ ...inputs, lifecycle: snapshot({ phase: 'stopped', status: null }) });
    assert.equal(stopped.port, 5757);
    assert.equal(stopped.url, null);
    assert.deepEqual(stopped.sessions, []);
  });

  it('carries the log tail only with a failure', () => {
    const error = { code: 'ECRASH', message: 'died', suggestedPort: null };
    assert.deepEqual(buildStatusView({ ...inputs, lifecycle: snapshot({}) }).logTail, []);
    for (const phase of ['failed', 'backoff'] as const) {
      const view = buildStatusView({ ...inputs, lifecycle: snapshot({ phase, status: null, error }) });
      assert.deepEqual(view.logTail, ['line 1', 'line 2']);
      assert.equal(view.error, error);
    }
  });

  it('shows where saved work lives and its size: measured while running, the folder and cap otherwise', () => {
    const storage = { dir: '/data/state', bytes: 123_456_789, max_bytes: 50_000_000_000 };
    const running = buildStatusView({ ...inputs, lifecycle: snapshot({ status: makeStatus({ storage }) }) });
    assert.deepEqual(running.storage, { dir: '/data/state', bytes: 123_456_789, maxBytes: 50_000_000_000 });
    const settings = { ...DEFAULT_SETTINGS, maxStateBytes: 2_000_000_000 };
    const stopped = buildStatusView({ ...inputs, settings, lifecycle: snapshot({ phase: 'stopped', status: null }) });
    assert.deepEqual(stopped.storage, { dir: '/data/state', bytes: null, maxBytes: 2_000_000_000 });
    const memoryOnly = buildStatusView({ ...inputs, stateDir: null, lifecycle: snapshot({ phase: 'stopped', status: null }) });
    assert.equal(memoryOnly.storage.dir, null);
  });
});
