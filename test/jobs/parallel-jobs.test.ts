/**
 * A job spread over several workers, seen from the wire and from the server's worker status:
 * cancelling it stops every one of its tasks (cooperatively, so before the 2 s grace after
 * which a worker would be killed), and a worker killed under one outer fold costs only that
 * fold — dropped and reported under `on_error: "continue"`, the job's error under "stop".
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isAlive } from '../support/processes.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { attachedClient, delay, finish, longRegressionIpc, resolution, tableSlice, uploadTable } from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer({ workers: 2 })));
after(() => running.stop());

const KFOLD3 = { type: 'KFold', n_resamples: 3 };

function workers() {
  return running.server.status().workers;
}

/** Polls the server's worker status until `check` holds (a hang guard, not a timing assertion). */
async function workersWhen(check: (list: ReturnType<typeof workers>) => boolean, what: string, limitMs = 60_000): Promise<ReturnType<typeof workers>> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const list = workers();
    if (check(list)) return list;
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what}: ${JSON.stringify(list)}`);
    await delay(20);
  }
}

async function submit(client: WireClient, params: Record<string, unknown>): Promise<string> {
  const handle = await uploadTable(client, 'long', longRegressionIpc());
  return (await client.call('train', { data_handle: handle, ...params })).job_id;
}

test('cancelling a job running on every worker stops all of its tasks and frees every worker, without killing any', async () => {
  const client = await attachedClient(running, 'cancel-parallel');
  const jobId = await submit(client, { algorithm: 'Ranger', hyperparameters: { num_trees: 20_000 }, outer_resampling_config: KFOLD3 });
  const busy = await workersWhen((list) => list.length === 2 && list.every((worker) => worker.running.includes(jobId)), 'both workers computing the job');
  const pids = busy.map((worker) => worker.pid!);

  assert.deepEqual(await client.call('job.cancel', { job_id: jobId }), { cancelled: true });
  assert.equal((await resolution(client, jobId)).event, 'job.cancelled');
  await workersWhen((list) => list.every((worker) => worker.running.length === 0 && worker.waiting.length === 0), 'every worker free');
  // A worker that ignores a cancel for 2 s is killed and replaced: the same live processes show none was.
  assert.deepEqual(workers().map((worker) => worker.pid).sort(), [...pids].sort());
  for (const pid of pids) assert.ok(isAlive(pid), `worker ${pid} stopped cooperatively`);
  await finish(client);
});

/** Kills a worker computing one of the job's outer folds and hosting nothing else of it (the lead waits elsewhere). */
async function killFoldWorker(jobId: string): Promise<number> {
  const foldOnly = (worker: ReturnType<typeof workers>[number]) => worker.running.includes(jobId) && worker.waiting.length === 0;
  const list = await workersWhen(
    (current) => current.some((worker) => worker.waiting.includes(jobId)) && current.some(foldOnly),
    'the lead waiting on one worker and a fold running alone on another',
  );
  const victim = list.find(foldOnly);
  process.kill(victim!.pid!, 'SIGKILL');
  return victim!.pid!;
}

// Long enough folds (no tuning, no tree batches: one unit per fold) to kill a worker under one.
const LONG_FOLDS = { algorithm: 'LightGBM', hyperparameters: { force_nrounds: 4000, learning_rate: 0.01 }, outer_resampling_config: KFOLD3 };

test('on_error "continue": a worker killed under a fold drops that fold only, and the job says so', async () => {
  const client = await attachedClient(running, 'kill-continue');
  const jobId = await submit(client, { ...LONG_FOLDS, execution_config: { on_error: 'continue' } });
  const pid = await killFoldWorker(jobId);
  const { event, data } = await resolution(client, jobId, 300_000);
  assert.equal(event, 'job.complete', JSON.stringify(data));

  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary.n_resamples, 2, 'the other two folds completed');
  const dropped = client.events('job.progress').filter((data) => data.job_id === jobId && /failed and was dropped/.test(data.message));
  assert.equal(dropped.length, 1);
  assert.match(dropped[0].message, new RegExp(`^Outer fold Fold_\\d failed and was dropped: worker process ${pid} was killed by SIGKILL`));
  const { table } = await tableSlice(client, jobId, 'session');
  const folds = table!.toArray().filter((row: { kind: string }) => row.kind === 'outer_fold');
  assert.equal(folds.length, 3);
  assert.deepEqual(folds.map((row: { status: string }) => row.status).sort(), ['error', 'ok', 'ok']);
  await finish(client);
});

test('on_error "stop": a worker killed under a fold fails the job with that reason, and the other workers are freed', async () => {
  const client = await attachedClient(running, 'kill-stop');
  const jobId = await submit(client, { ...LONG_FOLDS, execution_config: { on_error: 'stop' } });
  const pid = await killFoldWorker(jobId);
  const { event, data } = await resolution(client, jobId, 300_000);
  assert.equal(event, 'job.failed');
  assert.match(data.error.message, new RegExp(`worker process ${pid} was killed by SIGKILL`));
  await workersWhen((list) => list.every((worker) => !worker.running.includes(jobId) && !worker.waiting.includes(jobId)), 'no worker left on the job');
  await finish(client);
});
