import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import type { WorkerSpawner } from '../../src/pool/worker-process.js';
import { fixture, isAlive, rejectsWith, waitFor } from './helpers.js';

/** forkSpawner that remembers every pid it started. */
function recordingSpawner(): { spawn: WorkerSpawner; pids: number[] } {
  const pids: number[] = [];
  return {
    pids,
    spawn: (script, v8Flags) => {
      const child = forkSpawner(script, v8Flags);
      if (child.pid !== undefined) pids.push(child.pid);
      return child;
    },
  };
}

test('idle workers are reaped after idleTimeoutMs and respawned on demand', async (t) => {
  const { spawn, pids } = recordingSpawner();
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn, maxWorkers: 2, idleTimeoutMs: 150 });
  t.after(() => pool.close());
  await Promise.all([pool.run({ kind: 'sleep', steps: 2, stepMs: 20 }).result, pool.run({ kind: 'pid' }).result]);
  assert.equal(pids.length, 2);
  await waitFor(() => pool.stats.workers === 0, 'idle workers to be reaped');
  assert.ok(pids.every((pid) => !isAlive(pid)));
  const fresh = await pool.run({ kind: 'pid' }).result;
  assert.equal(pids.length, 3);
  assert.equal(fresh, pids[2]);
});

test('idleTimeoutMs 0 keeps idle workers', async (t) => {
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, idleTimeoutMs: 0 });
  t.after(() => pool.close());
  const pid = (await pool.run({ kind: 'pid' }).result) as number;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(pool.stats.workers, 1);
  assert.equal(await pool.run({ kind: 'pid' }).result, pid);
});

test('close() cancels running and queued tasks and leaves no live worker', async () => {
  const { spawn, pids } = recordingSpawner();
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn, maxWorkers: 2, cancelGraceMs: 60_000 });
  const running = [0, 1].map(() => {
    let started!: () => void;
    const progressed = new Promise<void>((resolve) => (started = resolve));
    return { progressed, task: pool.run({ kind: 'sleep', steps: 100_000, stepMs: 5 }, { onProgress: () => started() }) };
  });
  const spinning = pool.run({ kind: 'spin', ms: 60_000 });
  const queued = pool.run({ kind: 'pid' });
  await Promise.all(running.map((entry) => entry.progressed));
  assert.deepEqual(pool.stats, { workers: 2, busy: 2, queued: 2 });
  await pool.close();
  assert.equal(pids.length, 2);
  for (const pid of pids) assert.equal(isAlive(pid), false, `worker ${pid} still alive`);
  assert.deepEqual(pool.stats, { workers: 0, busy: 0, queued: 0 });
  for (const task of [...running.map((entry) => entry.task), spinning, queued]) await rejectsWith(task.result, 'cancelled');
  await rejectsWith(pool.run({ kind: 'pid' }).result, 'cancelled', /closed/);
  await pool.close();
});

test('close() while workers are still starting kills them too', async () => {
  const { spawn, pids } = recordingSpawner();
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn, maxWorkers: 2 });
  const tasks = [pool.run({ kind: 'pid' }), pool.run({ kind: 'pid' })];
  await pool.close();
  assert.equal(pids.length, 2);
  for (const pid of pids) assert.equal(isAlive(pid), false);
  for (const task of tasks) await rejectsWith(task.result, 'cancelled');
});
