/**
 * KNN over the wire beyond the shared slice checks of supervised-results.test.ts: the served
 * probabilities are the learner's, tuning over k and kernel, what rtemis refuses at submission
 * (invalid_params), what fails as a job (k too large for the data, missing values), and a
 * cancel that lands while the neighbours are being searched.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { toSupervised, toTrainingData } from '../../src/engine/data/supervised.js';
import { fitKnn, knnDefaults } from '../../src/engine/knn/knn.js';
import { loadDataset } from '../engine/data/fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { Float64, Table, tableToIPC, vectorFromArray } from 'apache-arrow';
import {
  attachedClient,
  columnValues,
  finish,
  jobWorkerPids,
  resolution,
  runToCompletion,
  tableSlice,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
let client: WireClient;

before(async () => {
  running = await startServer();
  client = await attachedClient(running, 'knn');
});
after(async () => {
  await finish(client);
  await running.stop();
});

test('single fit on breast_cancer: the predictions slice holds the learner’s own kernel-weighted probabilities', async () => {
  const handle = await uploadDataset(client, 'breast_cancer');
  const hyperparameters = { k: 9, kernel: 'triangular', distance: 1 };
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'KNN', hyperparameters });
  const { result, table } = await tableSlice(client, jobId, 'predictions');
  const probabilityColumn = result.columns[3] as string;

  const supervised = toSupervised(loadDataset('breast_cancer'));
  const data = toTrainingData(supervised, Int32Array.from(supervised.rows.keys()));
  assert.equal(probabilityColumn, `prob_${data.classes![1]}`, 'the positive class is the second level');
  const model = await fitKnn(data, { ...knnDefaults, ...hyperparameters } as typeof knnDefaults, { random: Math.random, checkpoint: async () => {} });
  const expected = model.predict(data.x);
  assert.deepEqual(columnValues(table!, probabilityColumn), Array.from(expected.probabilities![1]!));
  assert.deepEqual(columnValues(table!, 'predicted'), Array.from(expected.values, (code) => data.classes![code]));

  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.deepEqual(
    { k: record.hyperparameters.hyperparameters.k, kernel: record.hyperparameters.hyperparameters.kernel, distance: record.hyperparameters.hyperparameters.distance },
    hyperparameters,
  );
});

test('k and kernel tune over their candidates inside a 3-fold KFold on iris', async () => {
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'KNN',
    hyperparameters: { k: { candidates: [3, 15] }, kernel: { candidates: ['rectangular', 'gaussian'] } },
    outer_resampling_config: { type: 'KFold', n_resamples: 3 },
  });
  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.folds.length, 3);
  for (const fold of record.folds) {
    assert.ok([3, 15].includes(fold.hyperparameters.hyperparameters.k));
    assert.ok(['rectangular', 'gaussian'].includes(fold.hyperparameters.hyperparameters.kernel));
    assert.equal(fold.tuning.param_grid.length, 4, 'a 2 × 2 grid');
  }
  const summary = await client.call('job.result', { job_id: jobId });
  assert.ok(summary.metrics_test.mean_metrics[0].balanced_accuracy > 0.85, JSON.stringify(summary.metrics_test.mean_metrics));
});

test('rtemis refusals are invalid_params at submission: ifw, a weights column, values out of their schema', async () => {
  const handle = await uploadDataset(client, 'diabetes');
  const refused = async (params: Record<string, unknown>, ...patterns: RegExp[]) => {
    const error = await client.error('train', { data_handle: handle, algorithm: 'KNN', ...params });
    assert.equal(error.code, 'invalid_params', JSON.stringify(error));
    for (const pattern of patterns) assert.match(error.message, pattern);
  };
  await refused({ hyperparameters: { ifw: true } }, /ifw/, /not supported/);
  await refused({ hyperparameters: { ifw: { candidates: [false, true] } } }, /ifw/, /not supported/);
  await refused({ weights: 'age' }, /KNN takes no case weights/);
  await refused({ hyperparameters: { kernel: 'parabolic' } }, /kernel/, /parabolic/);
  await refused({ hyperparameters: { kernel: { candidates: ['optimal', 'parabolic'] } } }, /kernel/, /parabolic/);
  await refused({ hyperparameters: { k: 0 } }, /`k`/);
  await refused({ hyperparameters: { k: 2.5 } }, /`k`/);
  await refused({ hyperparameters: { distance: 0 } }, /distance/);
  await refused({ hyperparameters: { scale: 'yes' } }, /scale/);
  await refused({ hyperparameters: { scale: { candidates: [true, false] } } }, /scale/);
  await refused({ hyperparameters: { kmax: 11 } }, /kmax/);
});

test('a k at or above the training cases, and missing values, fail the job with rtemis’s reason', async () => {
  const failure = async (dataset: string, params: Record<string, unknown>) => {
    const handle = await uploadDataset(client, dataset);
    const { job_id: jobId } = await client.call('train', { data_handle: handle, algorithm: 'KNN', ...params });
    const { event, data } = await resolution(client, jobId);
    assert.equal(event, 'job.failed');
    return data.error.message as string;
  };
  assert.match(await failure('iris', { hyperparameters: { k: 150 } }), /`k` must be less than the number of training cases \(150\); got 150/);
  const missing = await failure('airquality', {});
  assert.match(missing, /KNN cannot handle missing values/);
  assert.match(missing, /impute/);
});

/** `rows` cases of `p` scattered features in [0, 1) (a fixed hash, no generator) and a numeric outcome. */
function scatteredIpc(rows: number, p: number): Uint8Array {
  const hash = (i: number, j: number) => {
    const x = Math.sin(i * 12.9898 + j * 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  const columns: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (let j = 0; j < p; j++) columns[`x${j}`] = vectorFromArray(Array.from({ length: rows }, (_, i) => hash(i, j)), new Float64());
  columns.y = vectorFromArray(Array.from({ length: rows }, (_, i) => hash(i, p) + hash(i, 0)), new Float64());
  return tableToIPC(new Table(columns), 'stream');
}

test('a cancel during the neighbour search stops the job there (minutes of search left)', async () => {
  // 60 000 cases in 40 dimensions: predicting the training cases alone takes minutes.
  const handle = await uploadTable(client, 'knn-long', scatteredIpc(60_000, 40));
  const { job_id: jobId } = await client.call('train', { data_handle: handle, algorithm: 'KNN' });
  await client.waitForEvent('job.progress', (data) => data.job_id === jobId && data.kind === 'predict' && data.status === 'start', 60_000);
  const [worker] = jobWorkerPids();
  assert.ok(worker !== undefined);
  assert.deepEqual(await client.call('job.cancel', { job_id: jobId }), { cancelled: true });
  const { event } = await resolution(client, jobId);
  assert.equal(event, 'job.cancelled');
  // The search reached a checkpoint and the worker stopped itself: it was not killed after the pool's grace period.
  assert.ok(jobWorkerPids().includes(worker), 'the worker that ran the search is still alive');
});
