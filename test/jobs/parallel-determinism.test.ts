/**
 * Results do not depend on how many workers a job gets (rtemis-model §3.3: one substream
 * per fold, grid cell and tree batch): the same seed gives the same summary, predictions
 * and variable importance on servers with 1, 2 and 4 workers, for a forest fitted in parts
 * (Ranger), the LightGBM protocol (inner early stopping in grid cells, then a refit) and a
 * tuned CART grid — each with outer resampling, so folds, cells and tree batches all spread.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { lightrfParallel } from '../../src/engine/trees/gbdt/lightrf.js';
import { rangerParallel } from '../../src/engine/trees/ranger.js';
import type { TrainingData } from '../../src/engine/learner.js';
import { attachedClient, completed, finish, longRegressionIpc, uploadDataset, uploadTable } from './job-helpers.js';

const WORKER_COUNTS = [1, 2, 4];
const servers = new Map<number, RunningServer>();

before(async () => {
  for (const workers of WORKER_COUNTS) servers.set(workers, await startServer({ workers }));
});
after(async () => {
  for (const server of servers.values()) await server.stop();
});

/** A table slice's columns, decoded (Arrow bytes differ in dictionary ids, which count up per process). */
type Columns = Record<string, unknown[]>;

interface RunOutput {
  summary: Record<string, unknown>;
  workersUsed: number;
  predictions: Columns;
  varimp: Columns;
}

/** A shared dataset by name, or the long numeric table (3000 rows) for forests big enough to split into batches. */
type DataChoice = string | 'long';

async function runOn(workers: number, dataset: DataChoice, params: Record<string, unknown>): Promise<RunOutput> {
  const client: WireClient = await attachedClient(servers.get(workers)!, `det-${workers}`);
  try {
    const handle = dataset === 'long' ? await uploadTable(client, 'long', longRegressionIpc()) : await uploadDataset(client, dataset);
    const { job_id: jobId } = await client.call('train', { data_handle: handle, ...params });
    await completed(client, jobId);
    const summary = await client.call('job.result', { job_id: jobId });
    const slice = async (name: string) => {
      const { header, payload } = await client.request('job.result', { job_id: jobId, slice: name });
      assert.equal(header.ok, true, `${name}: ${JSON.stringify(header.error)}`);
      assert.ok(payload !== null && payload.byteLength > 0, `${name} has rows`);
      const table = tableFromIPC(payload);
      return Object.fromEntries(table.schema.fields.map((field) => [field.name, Array.from(table.getChild(field.name)!)]));
    };
    const { n_workers: workersUsed, ...execution } = summary.execution_config;
    return {
      summary: { ...summary, execution_config: execution },
      workersUsed,
      predictions: await slice('predictions'),
      varimp: await slice('varimp'),
    };
  } finally {
    await finish(client);
  }
}

async function assertSameEverywhere(dataset: DataChoice, params: Record<string, unknown>): Promise<void> {
  const outputs = new Map<number, RunOutput>();
  for (const workers of WORKER_COUNTS) outputs.set(workers, await runOn(workers, dataset, params));
  const reference = outputs.get(1)!;
  for (const [workers, output] of outputs) {
    assert.equal(output.workersUsed, workers, `execution_config.n_workers reports the ${workers} workers used`);
    assert.deepEqual(output.summary, reference.summary, `summary with ${workers} workers`);
    assert.deepEqual(output.predictions, reference.predictions, `predictions with ${workers} workers`);
    assert.deepEqual(output.varimp, reference.varimp, `varimp with ${workers} workers`);
  }
}

const KFOLD3 = { type: 'KFold', n_resamples: 3 };
/** About the training part of one of 3 folds of the long table. */
const FOLD_ROWS = { y: new Float64Array(2000) } as TrainingData;

test('Ranger in tree batches: same results with 1, 2 and 4 workers', async () => {
  assert.ok(rangerParallel.parts(FOLD_ROWS, { num_trees: 1000 } as never) >= 2, 'each fold grows its trees in several batches');
  await assertSameEverywhere('long', {
    algorithm: 'Ranger',
    hyperparameters: { num_trees: 1000 },
    outer_resampling_config: KFOLD3,
    execution_config: { seed: 11 },
  });
});

test('LightGBM (rtemis protocol: early stopping in inner folds, refit): same results with 1, 2 and 4 workers', async () => {
  await assertSameEverywhere('breast_cancer', {
    algorithm: 'LightGBM',
    hyperparameters: { max_nrounds: 60, learning_rate: 0.1 },
    outer_resampling_config: KFOLD3,
    tuner_config: { type: 'GridSearch', config: { resampler_config: KFOLD3 } },
    execution_config: { seed: 12 },
  });
});

test('tuned CART grid: same results with 1, 2 and 4 workers', async () => {
  await assertSameEverywhere('penguins', {
    algorithm: 'CART',
    hyperparameters: { cp: { candidates: [0.001, 0.01, 0.05] }, maxdepth: { candidates: [3, 10] } },
    preprocessor_config: { impute: true },
    outer_resampling_config: KFOLD3,
    tuner_config: { type: 'GridSearch', config: { resampler_config: KFOLD3 } },
    execution_config: { seed: 13 },
  });
});

test('per-level limits and n_workers below the pool still give the same results', async () => {
  const params = {
    algorithm: 'LightRF',
    hyperparameters: { nrounds: 1500 },
    outer_resampling_config: KFOLD3,
  };
  assert.ok(lightrfParallel.parts(FOLD_ROWS, { nrounds: 1500 } as never) >= 2, 'each fold grows its rounds in several batches');
  const free = await runOn(4, 'long', { ...params, execution_config: { seed: 14 } });
  const limited = await runOn(4, 'long', { ...params, execution_config: { seed: 14, n_workers: 2, n_workers_outer: 1, n_workers_algorithm: 2 } });
  assert.equal(limited.workersUsed, 2);
  assert.deepEqual(limited.summary, { ...free.summary, execution_config: limited.summary.execution_config });
  assert.deepEqual(limited.predictions, free.predictions);
  assert.deepEqual(limited.varimp, free.varimp);
});
