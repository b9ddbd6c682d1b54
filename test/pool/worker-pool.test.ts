import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { fixture, rejectsWith } from './helpers.js';

function makePool(maxWorkers = 1): WorkerPool {
  return new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, maxWorkers });
}

test('results round-trip through a real worker, typed arrays included', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  const value = {
    bytes: Uint8Array.from([0, 1, 127, 128, 255]),
    numbers: Float64Array.from([Math.PI, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-300]),
    nested: { list: [1, 'two', null, true], text: 'héllo' },
  };
  const echoed = (await pool.run({ kind: 'echo', value }).result) as typeof value;
  assert.ok(echoed.bytes instanceof Uint8Array);
  assert.ok(echoed.numbers instanceof Float64Array);
  assert.deepEqual(echoed, value);
  assert.deepEqual(pool.stats, { workers: 1, busy: 0, queued: 0 });
});

test('progress arrives in order, all of it before the result', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  const events: unknown[] = [];
  const task = pool.run({ kind: 'progress', count: 200 }, { onProgress: (message) => events.push(message) });
  const count = await task.result;
  events.push('result');
  assert.equal(count, 200);
  assert.deepEqual(events, [...Array.from({ length: 200 }, (_, index) => index), 'result']);
});

test('maxWorkers 1: tasks run one at a time in FIFO order on one reused process', async (t) => {
  const pool = makePool(1);
  t.after(() => pool.close());
  const log: string[] = [];
  const tasks = [0, 1, 2, 3].map((index) =>
    pool.run({ kind: 'pid' }, { onStart: () => log.push(`start ${index}`) }),
  );
  assert.deepEqual(pool.stats, { workers: 1, busy: 0, queued: 4 });
  const pids = await Promise.all(
    tasks.map((task, index) => task.result.then((pid) => (log.push(`done ${index}`), pid))),
  );
  assert.deepEqual(log, ['start 0', 'done 0', 'start 1', 'done 1', 'start 2', 'done 2', 'start 3', 'done 3']);
  assert.equal(new Set(pids).size, 1);
});

test('maxWorkers 2: two run side by side, the rest wait their turn in FIFO order', async (t) => {
  const pool = makePool(2);
  t.after(() => pool.close());
  const log: string[] = [];
  let peakBusy = 0;
  const tasks = [0, 1, 2, 3, 4].map((index) =>
    // Long enough that a worker spawned on a busy machine still starts before the first finishes.
    pool.run(
      { kind: 'sleep', steps: 10, stepMs: 100 },
      {
        onStart: () => {
          log.push(`start ${index}`);
          peakBusy = Math.max(peakBusy, pool.stats.busy);
        },
      },
    ),
  );
  assert.equal(pool.stats.workers, 2);
  await Promise.all(tasks.map((task, index) => task.result.then(() => log.push(`done ${index}`))));
  const starts = log.filter((entry) => entry.startsWith('start'));
  assert.deepEqual(starts, ['start 0', 'start 1', 'start 2', 'start 3', 'start 4']);
  // Both first tasks were running before either finished; the third waited for a free worker.
  assert.ok(log.indexOf('start 1') < log.indexOf('done 0'));
  assert.ok(log.indexOf('start 2') > Math.min(log.indexOf('done 0'), log.indexOf('done 1')));
  assert.equal(peakBusy, 2);
  assert.ok(pool.stats.workers <= 2);
});

test('a handler error rejects with kind "error" and the worker survives it', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  const before = await pool.run({ kind: 'pid' }).result;
  const error = await rejectsWith(pool.run({ kind: 'throw', message: 'singular matrix' }).result, 'error', /^singular matrix$/);
  assert.equal(error.worker?.name, 'Error');
  assert.match(error.worker?.stack ?? '', /singular matrix/);
  assert.equal(await pool.run({ kind: 'pid' }).result, before);
});

test('values that cannot cross the boundary fail their task only', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  const pid = await pool.run({ kind: 'pid' }).result;
  await rejectsWith(pool.run({ kind: 'echo', value: () => 1 }).result, 'error', /could not be sent/);
  await rejectsWith(pool.run({ kind: 'unclonable-result' }).result, 'error', /result could not be sent/);
  const progress: unknown[] = [];
  await rejectsWith(pool.run({ kind: 'unclonable-progress' }, { onProgress: (message) => progress.push(message) }).result, 'error', /progress could not be sent/);
  assert.deepEqual(progress, ['before', 'after'], 'the progress around the unclonable message still arrives');
  assert.equal(await pool.run({ kind: 'pid' }).result, pid);
});

test('a throwing onStart/onProgress handler does not disturb the pool', async (t) => {
  const logged: string[] = [];
  const pool = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, log: (line) => logged.push(line) });
  t.after(() => pool.close());
  const task = pool.run(
    { kind: 'progress', count: 3 },
    {
      onStart: () => {
        throw new Error('bad onStart');
      },
      onProgress: () => {
        throw new Error('bad onProgress');
      },
    },
  );
  assert.equal(await task.result, 3);
  assert.equal(logged.filter((line) => /bad onStart/.test(line)).length, 1);
  assert.equal(logged.filter((line) => /bad onProgress/.test(line)).length, 3);
});

test('undefined is a valid task and a valid result', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  assert.equal(await pool.run({ kind: 'echo' }).result, undefined);
  await rejectsWith(pool.run(undefined).result, 'error');
  assert.equal(await pool.run({ kind: 'echo', value: 7 }).result, 7);
});

test('forked workers may collect garbage on purpose (they run with --expose-gc)', async (t) => {
  const pool = makePool();
  t.after(() => pool.close());
  assert.equal(await pool.run({ kind: 'gc' }).result, 'function');
});

test('a pool with a worker per core collects garbage on one thread; a smaller one leaves V8 its helper threads; both get a larger young generation', async (t) => {
  const full = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, maxWorkers: 2, cores: 2 });
  const smaller = new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, maxWorkers: 1, cores: 2 });
  t.after(() => Promise.all([full.close(), smaller.close()]));
  const fullFlags = (await full.run({ kind: 'execArgv' }).result) as string[];
  const smallerFlags = (await smaller.run({ kind: 'execArgv' }).result) as string[];
  assert.ok(fullFlags.includes('--single-threaded-gc'), fullFlags.join(' '));
  assert.ok(!smallerFlags.some((flag) => flag.startsWith('--single-threaded')), smallerFlags.join(' '));
  for (const flags of [fullFlags, smallerFlags]) assert.ok(flags.includes('--max-semi-space-size=32'), flags.join(' '));
  assert.equal(await full.run({ kind: 'gc' }).result, 'function');
  assert.equal(await smaller.run({ kind: 'gc' }).result, 'function');
});
