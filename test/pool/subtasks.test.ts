import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPool } from '../../src/pool/worker-pool.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { fixture, isAlive, rejectsWith, waitFor } from './helpers.js';

interface Timed {
  tag: string;
  pid: number;
  start: number;
  end: number;
}

const timed = (tag: string, ms = 150) => ({ kind: 'timed', ms, tag });

function makePool(maxWorkers: number, options: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {}): WorkerPool {
  return new WorkerPool({ script: fixture('tasks-worker'), spawn: forkSpawner, maxWorkers, ...options });
}

/** Starts every worker up front (until tasks run side by side), so lazily spawned workers do not decide who runs what. */
async function warm(pool: WorkerPool, workers: number): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const done = await Promise.all(Array.from({ length: workers }, () => pool.run(timed('warm', 200)).result));
    if (new Set(done.map((value) => (value as Timed).pid)).size === workers) return;
  }
  assert.fail(`${workers} workers never ran side by side`);
}

/** Long enough to be killed or cancelled mid-way, bounded so a broken test fails instead of hanging. */
const LONG_SLEEP = { kind: 'sleep', steps: 4000, stepMs: 5 };

function values(outcomes: unknown): Timed[] {
  return (outcomes as { ok: boolean; value: Timed }[]).map((outcome) => {
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    return outcome.value;
  });
}

/** Remembers the pid a fanout parent announces in its first progress message. */
function parentWatcher(): { pid: number; onProgress(message: unknown): void } {
  const watcher = {
    pid: 0,
    onProgress(message: unknown) {
      const info = message as { role?: string; pid: number };
      if (info.role === 'parent') watcher.pid = info.pid;
    },
  };
  return watcher;
}

function overlaps(a: Timed, b: Timed): boolean {
  return a.start < b.end && b.start < a.end;
}

test('a waiting parent lends its worker: subtasks spread over every worker, the parent one included', async (t) => {
  const pool = makePool(2);
  t.after(() => pool.close());
  await warm(pool, 2);
  const parent = parentWatcher();
  const task = pool.run({ kind: 'fanout', subtasks: [0, 1, 2, 3].map((i) => timed(`s${i}`)) }, { onProgress: parent.onProgress });
  const done = values(await task.result);
  assert.deepEqual(done.map((value) => value.tag), ['s0', 's1', 's2', 's3'], 'outcomes come back in task order');
  const pids = new Set(done.map((value) => value.pid));
  assert.equal(pids.size, 2);
  assert.ok(pids.has(parent.pid), 'the parent worker ran subtasks while it waited');
  assert.deepEqual(pool.stats, { workers: 2, busy: 0, queued: 0 });
});

test('one worker runs a parent and all of its nested subtasks without deadlock', async (t) => {
  const pool = makePool(1);
  t.after(() => pool.close());
  const nested = { kind: 'fanout', subtasks: [timed('a', 10), timed('b', 10)] };
  const outcomes = (await pool.run({ kind: 'fanout', subtasks: [nested, nested, { kind: 'echo', value: 7 }] }).result) as {
    ok: boolean;
    value: unknown;
  }[];
  assert.equal(outcomes.length, 3);
  assert.deepEqual(outcomes[2], { ok: true, value: 7 });
  for (const inner of outcomes.slice(0, 2)) assert.deepEqual(values(inner.value).map((value) => value.tag), ['a', 'b']);
});

test('limit caps the subtasks of one parent running at once', async (t) => {
  const pool = makePool(3);
  t.after(() => pool.close());
  const done = values(await pool.run({ kind: 'fanout', subtasks: [0, 1, 2, 3].map((i) => timed(`s${i}`, 100)), limit: 1 }).result);
  for (let i = 0; i < done.length; i++) {
    for (let j = i + 1; j < done.length; j++) assert.ok(!overlaps(done[i]!, done[j]!), `${done[i]!.tag} and ${done[j]!.tag} ran one after the other`);
  }
});

test('exclusive subtasks: the parent worker takes no other work until they have all settled', async (t) => {
  const pool = makePool(2);
  t.after(() => pool.close());
  await warm(pool, 2);
  const watcher = parentWatcher();
  // The parent's worker comes first in the pool, so it takes s0 and is free again long before s1 ends.
  const parent = pool.run(
    { kind: 'fanout', exclusive: true, subtasks: [timed('s0', 50), timed('s1', 400), timed('s2', 400)] },
    { group: 'A', onProgress: watcher.onProgress },
  );
  await waitFor(() => pool.stats.queued === 1, 'the third subtask to queue');
  // Another group's task would be taken first by any other free worker (groups take turns).
  const other = pool.run(timed('other', 50), { group: 'B' });
  const mine = values(await parent.result);
  const theirs = (await other.result) as Timed;
  assert.equal(mine.find((value) => value.tag === 's0')!.pid, watcher.pid, 'the parent worker ran its first subtask');
  assert.notEqual(theirs.pid, watcher.pid, 'the task of the other group did not run on the parent worker');
  assert.ok(theirs.start >= mine.find((value) => value.tag === 's1')!.end, 'it waited for the worker running s1');
});

test('a group limit caps the group, not the pool: another group uses the free worker', async (t) => {
  const pool = makePool(2);
  t.after(() => pool.close());
  await warm(pool, 2);
  const limited = pool.run({ kind: 'fanout', subtasks: [0, 1, 2].map((i) => timed(`a${i}`, 200)) }, { group: 'A', groupLimit: 1 });
  const other = pool.run(timed('b', 200), { group: 'B' });
  const mine = values(await limited.result);
  for (let i = 0; i < mine.length; i++) {
    for (let j = i + 1; j < mine.length; j++) assert.ok(!overlaps(mine[i]!, mine[j]!), 'group A never ran two tasks at once');
  }
  const theirs = (await other.result) as Timed;
  assert.ok(mine.some((value) => overlaps(value, theirs)), 'group B ran beside group A');
});

test('a group limit counts workers: a parent woken on a worker busy with other work leaves the other worker free for the group', async (t) => {
  const pool = makePool(2);
  t.after(() => pool.close());
  await warm(pool, 2);
  // Another group holds one worker briefly, so the fold-like parent P and its first subtask start on the other.
  const other = pool.run(timed('other', 50), { group: 'other' });
  const fold = { kind: 'fanout', subtasks: [timed('c1', 300), timed('c2', 600)] };
  // P's host runs c1, the freed worker c2; after c1 the host takes the spin (blocking its event loop), and
  // c2's end wakes P on that busy worker: the group then computes on one worker, not two.
  const job = pool.run({ kind: 'fanout', subtasks: [fold, { kind: 'spin', ms: 2500 }, timed('last', 50)] }, { group: 'job', groupLimit: 2 });
  await other.result;
  const [foldOutcome, spinOutcome, lastOutcome] = (await job.result) as { ok: boolean; value: unknown }[];
  const [c1, c2] = values(foldOutcome!.value);
  const [spin, last] = values([spinOutcome, lastOutcome]);
  assert.equal(spin!.pid, c1!.pid, 'the parent worker took the spin after its own subtask');
  assert.notEqual(c2!.pid, c1!.pid);
  assert.ok(last!.start < spin!.end, `the last task started beside the spin (at ${last!.start - spin!.start} ms of ${spin!.end - spin!.start})`);
});

test('groups take turns: a job submitted later starts before an earlier job has run all of its subtasks', async (t) => {
  const pool = makePool(1);
  t.after(() => pool.close());
  const long = pool.run({ kind: 'fanout', subtasks: [0, 1, 2, 3, 4, 5].map((i) => timed(`long${i}`, 80)) }, { group: 'long' });
  await waitFor(() => pool.stats.queued >= 5, 'the long job to queue its subtasks');
  const short = pool.run(timed('short', 10), { group: 'short' });
  const shortDone = (await short.result) as Timed;
  const longDone = values(await long.result);
  const after = longDone.filter((value) => value.start >= shortDone.end).length;
  assert.ok(after >= 3, `the short job ran after at most a few of the long job's subtasks (${6 - after} before it)`);
});

test('a subtask whose worker is killed fails alone; the parent gets the crash as its outcome', async (t) => {
  const pool = makePool(2, { respawnBackoffMs: 20 });
  t.after(() => pool.close());
  await warm(pool, 2);
  let parentPid = 0;
  let victim = 0;
  const task = pool.run(
    { kind: 'fanout', subtasks: [timed('quick', 50), LONG_SLEEP, timed('later', 50)] },
    {
      onProgress: (message) => {
        const info = message as { role?: string; pid: number; step?: number };
        if (info.role === 'parent') parentPid = info.pid;
        else if (info.step !== undefined && victim === 0 && info.pid !== parentPid) {
          victim = info.pid;
          process.kill(victim, 'SIGKILL');
        }
      },
    },
  );
  const outcomes = (await task.result) as { ok: boolean; kind?: string; message?: string; value?: Timed }[];
  assert.notEqual(victim, 0, 'the long subtask ran on the other worker');
  assert.equal(outcomes[0]!.ok, true);
  assert.equal(outcomes[1]!.ok, false);
  assert.equal(outcomes[1]!.kind, 'crashed');
  assert.match(outcomes[1]!.message!, /SIGKILL/);
  assert.equal(outcomes[2]!.ok, true);
  assert.equal(isAlive(victim), false);
});

test('cancelling a parent cancels its running and queued subtasks and frees every worker', async (t) => {
  const pool = makePool(2, { cancelGraceMs: 60_000 });
  t.after(() => pool.close());
  await warm(pool, 2);
  const pids = new Set<number>();
  const task = pool.run(
    { kind: 'fanout', subtasks: [0, 1, 2, 3].map(() => LONG_SLEEP) },
    { onProgress: (message) => pids.add((message as { pid: number }).pid) },
  );
  await waitFor(() => pids.size === 2 && pool.stats.busy === 2, 'subtasks running on both workers');
  task.cancel();
  await rejectsWith(task.result, 'cancelled');
  await waitFor(() => pool.stats.busy === 0 && pool.stats.queued === 0, 'every worker free');
  for (const pid of pids) assert.ok(isAlive(pid), 'stopped cooperatively, not killed');
});

test('stopOnError: the first failure cancels the other subtasks', async (t) => {
  const pool = makePool(2, { cancelGraceMs: 60_000 });
  t.after(() => pool.close());
  const outcome = (await pool.run({
    kind: 'fanout',
    subtasks: [LONG_SLEEP, { kind: 'throw', message: 'bad cell' }, LONG_SLEEP],
    stopOnError: true,
  }).result) as { stoppedAt: number; message: string };
  assert.deepEqual(outcome, { stoppedAt: 1, message: 'bad cell' });
  await waitFor(() => pool.stats.busy === 0 && pool.stats.queued === 0, 'the other subtasks stopped');
});

test('release reaches every worker', async (t) => {
  const pool = makePool(1);
  t.after(() => pool.close());
  await pool.run({ kind: 'pid' }, { group: 'job-1' }).result;
  pool.release('job-1');
  assert.deepEqual(await pool.run({ kind: 'released' }).result, ['job-1']);
});
