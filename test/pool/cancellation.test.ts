import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { fixture, isAlive, rejectsWith } from './helpers.js';

function firstProgressPid(): { onProgress(message: unknown): void; pid: Promise<number> } {
  let resolve!: (pid: number) => void;
  const pid = new Promise<number>((res) => (resolve = res));
  return { onProgress: (message) => resolve((message as { pid: number }).pid), pid };
}

test('cancelling a queued task removes it; the others still run', async (t) => {
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner });
  t.after(() => pool.close());
  const started: number[] = [];
  const tasks = [0, 1, 2].map((index) =>
    pool.run({ kind: 'echo', value: index }, { onStart: () => started.push(index) }),
  );
  tasks[1]!.cancel();
  assert.equal(pool.stats.queued, 2);
  await rejectsWith(tasks[1]!.result, 'cancelled');
  assert.deepEqual(await Promise.all([tasks[0]!.result, tasks[2]!.result]), [0, 2]);
  assert.deepEqual(started, [0, 2]);
});

test('cancelling a running task stops it cooperatively at a checkpoint; the worker is kept', async (t) => {
  // A grace far longer than the test: only the cooperative path can end the task in time.
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, cancelGraceMs: 60_000 });
  t.after(() => pool.close());
  const progress = firstProgressPid();
  let steps = 0;
  const task = pool.run(
    { kind: 'sleep', steps: 100_000, stepMs: 5 },
    {
      onProgress: (message) => {
        steps += 1;
        progress.onProgress(message);
      },
    },
  );
  const pid = await progress.pid;
  task.cancel();
  task.cancel();
  await rejectsWith(task.result, 'cancelled');
  assert.ok(steps < 100_000);
  assert.ok(isAlive(pid));
  assert.equal(await pool.run({ kind: 'pid' }).result, pid);
});

test('a task that ignores cancel is killed after the grace period; the queue moves on', async (t) => {
  const logged: string[] = [];
  const pool = new WorkerPool({
    script: fixture('tasks-worker'),
    spawn: forkSpawner,
    cancelGraceMs: 200,
    log: (line) => logged.push(line),
  });
  t.after(() => pool.close());
  const progress = firstProgressPid();
  const stuck = pool.run({ kind: 'spin', ms: 60_000 }, progress);
  const next = pool.run({ kind: 'pid' });
  const pid = await progress.pid;
  stuck.cancel();
  await rejectsWith(stuck.result, 'cancelled');
  assert.equal(isAlive(pid), false);
  const nextPid = await next.result;
  assert.notEqual(nextPid, pid);
  assert.ok(logged.some((line) => /ignored cancel/.test(line)));
});

test('cancel after completion changes nothing', async (t) => {
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner });
  t.after(() => pool.close());
  const task = pool.run({ kind: 'echo', value: 'done' });
  assert.equal(await task.result, 'done');
  task.cancel();
  assert.equal(await task.result, 'done');
  assert.deepEqual(pool.stats, { workers: 1, busy: 0, queued: 0 });
});
