import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import type { WorkerSpawner } from '../../src/pool/worker-process.js';
import { fixture, isAlive, rejectsWith } from './helpers.js';

test('a worker killed mid-task fails only that task; a replacement runs the queue', async (t) => {
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, respawnBackoffMs: 20 });
  t.after(() => pool.close());
  let victim: number | undefined;
  const doomed = pool.run(
    { kind: 'sleep', steps: 100_000, stepMs: 5 },
    {
      onProgress: (message) => {
        if (victim !== undefined) return;
        victim = (message as { pid: number }).pid;
        process.kill(victim, 'SIGKILL');
      },
    },
  );
  const queued = pool.run({ kind: 'pid' });
  await rejectsWith(doomed.result, 'crashed', /SIGKILL/);
  const replacement = await queued.result;
  assert.equal(typeof replacement, 'number');
  assert.notEqual(replacement, victim);
  assert.equal(isAlive(victim!), false);
});

test('invalid messages from a worker are dropped and logged; the task and worker carry on', async (t) => {
  const logged: string[] = [];
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, log: (line) => logged.push(line) });
  t.after(() => pool.close());
  const progress: unknown[] = [];
  const pid = await pool.run({ kind: 'pid' }).result;
  const task = pool.run({ kind: 'garbage' }, { onProgress: (message) => progress.push(message) });
  assert.equal(await task.result, 'ok');
  assert.deepEqual(progress, []);
  assert.equal(logged.filter((line) => /dropped invalid message/.test(line)).length, 5);
  assert.equal(logged.filter((line) => /not running/.test(line)).length, 2);
  assert.equal(await pool.run({ kind: 'pid' }).result, pid);
});

test('a worker script that dies at load fails the queued tasks after repeated attempts', async (t) => {
  const pool = new WorkerPool({ script: fixture('broken-worker'), spawn: forkSpawner, respawnBackoffMs: 10, log: () => {} });
  t.after(() => pool.close());
  const tasks = [pool.run({ kind: 'pid' }), pool.run({ kind: 'pid' })];
  for (const task of tasks) await rejectsWith(task.result, 'crashed', /failed to start.*exited with code 1/);
  assert.deepEqual(pool.stats, { workers: 0, busy: 0, queued: 0 });
});

test('a worker that never reports ready is killed after the start timeout and counts as a failed start', async (t) => {
  const spawned: number[] = [];
  const spawn: WorkerSpawner = (script, v8Flags) => {
    const child = forkSpawner(script, v8Flags);
    spawned.push(child.pid!);
    return child;
  };
  const pool = new WorkerPool({ script: fixture('silent-worker'), spawn, startTimeoutMs: 150, respawnBackoffMs: 10, log: () => {} });
  t.after(() => pool.close());
  await rejectsWith(pool.run({ kind: 'pid' }).result, 'crashed', /failed to start.*SIGKILL/);
  assert.equal(spawned.length, 3);
  assert.ok(spawned.every((pid) => !isAlive(pid)));
});

test('a spawner that throws, or a script that does not exist, cannot crash the pool', async (t) => {
  const throwing = new WorkerPool({
    script: fixture('tasks-worker'),
    spawn: () => {
      throw new Error('EAGAIN');
    },
    respawnBackoffMs: 10,
    log: () => {},
  });
  const missing = new WorkerPool({ script: '/nonexistent/worker.js', spawn: forkSpawner, respawnBackoffMs: 10, log: () => {} });
  t.after(() => Promise.all([throwing.close(), missing.close()]));
  await rejectsWith(throwing.run({ kind: 'pid' }).result, 'crashed', /failed to start/);
  await rejectsWith(missing.run({ kind: 'pid' }).result, 'crashed', /failed to start/);
});
