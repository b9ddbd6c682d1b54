/** UMAP and tSNE `decomp` jobs over the wire, their slices, and UMAP as a `decomposition_config` of `train`. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, tableFromIPC } from 'apache-arrow';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { knnAccuracy } from '../support/embedding-quality.js';
import { assertEmptyPointer, attachedClient, columnValues, completed, fieldType, finish, runToCompletion, tableSlice, uploadDataset } from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const IRIS_NUMERIC = ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width'];
/** Every column of wine but the outcome. */
const WINE_FEATURES = tableFromIPC(datasetIpc('wine')).schema.fields.map((field) => field.name).filter((name) => name !== 'cultivar');

/** Row-major 2-D embedding from the decoded `transformed` slice, with its labels. */
async function embedding(client: Awaited<ReturnType<typeof attachedClient>>, jobId: string, rows: number): Promise<Float64Array> {
  const { result, table } = await tableSlice(client, jobId, 'transformed');
  assert.ok(table);
  assert.equal(result.rows, rows);
  assert.deepEqual(result.columns, ['V1', 'V2']);
  for (const name of ['V1', 'V2']) assert.ok(DataType.isFloat(fieldType(table, name)));
  const v1 = columnValues(table, 'V1') as number[];
  const v2 = columnValues(table, 'V2') as number[];
  return Float64Array.from({ length: 2 * rows }, (_, s) => (s % 2 === 0 ? v1[s >> 1]! : v2[s >> 1]!));
}

function classCodes(dataset: string, outcome: string): Int32Array {
  const values = Array.from(tableFromIPC(datasetIpc(dataset)).getChild(outcome)!) as (string | number)[];
  const levels = [...new Set(values.map(String))];
  return Int32Array.from(values, (value) => levels.indexOf(String(value)));
}

test('UMAP on iris: Decomposition summary, transformed 150 × 2 (V1, V2) keeping the species apart, no loadings, record', async () => {
  const client = await attachedClient(running, 'umap');
  const handle = await uploadDataset(client, 'iris');
  const { job_id: jobId } = await client.call('decomp', { data_handle: handle, algorithm: 'UMAP', config: { k: 2 }, features: IRIS_NUMERIC });
  await completed(client, jobId);
  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary['.class'], 'Decomposition');
  assert.equal(summary.algorithm, 'UMAP');
  assert.equal(summary.config['.class'], 'UMAPConfig');
  assert.equal(summary.config.config.n_neighbors, 15);
  const metrics = summary.metrics.metrics[0] ?? summary.metrics.metrics;
  assert.equal(metrics.explained_variance_ratio, null, 'not invertible: no reconstruction metrics');
  assert.equal(typeof metrics.effective_dimensionality, 'number');

  const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
  assert.equal(raw.decom.method, 'umap');
  assert.equal(raw.decom.n_epochs, 500);

  const points = await embedding(client, jobId, 150);
  assert.ok(knnAccuracy(points, 2, classCodes('iris', 'Species'), 5) > 0.9);
  assertEmptyPointer(await tableSlice(client, jobId, 'loadings'));

  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.algorithm, 'UMAP');
  assert.equal(record.decomposition_config.config.origin.n_neighbors, 'default');
  assert.equal(record.provenance.outcome, 'completed');
  await finish(client);
});

test('tSNE on wine: transformed 178 × 2 separating the cultivars; same seed, same embedding', async () => {
  const client = await attachedClient(running, 'tsne');
  const handle = await uploadDataset(client, 'wine');
  const params = { data_handle: handle, algorithm: 'tSNE', config: { perplexity: 20, max_iter: 500, pca_scale: true }, features: WINE_FEATURES };
  const first = await runToCompletion(client, 'decomp', params);
  const points = await embedding(client, first, 178);
  assert.ok(knnAccuracy(points, 2, classCodes('wine', 'cultivar'), 5) > 0.9);
  const summary = await client.call('job.result', { job_id: first });
  assert.equal(summary.config.config.stop_lying_iter, 250);
  const second = await runToCompletion(client, 'decomp', params);
  assert.deepEqual(await embedding(client, second, 178), points);
  await finish(client);
});

test('bad UMAP and tSNE parameters are refused at submission with invalid_params', async () => {
  const client = await attachedClient(running, 'embedding-params');
  const handle = await uploadDataset(client, 'iris');
  for (const [algorithm, config, pattern] of [
    ['UMAP', { n_neighbors: 1 }, /n_neighbors/],
    ['UMAP', { metric: 'mahalanobis' }, /metric/],
    ['tSNE', { k: 5 }, /`k`/],
    ['tSNE', { theta: 2 }, /theta/],
  ] as const) {
    const error = await client.error('decomp', { data_handle: handle, algorithm, config, features: IRIS_NUMERIC });
    assert.equal(error.code, 'invalid_params');
    assert.match(error.message, pattern);
  }
  await finish(client);
});

test('UMAP as decomposition_config of train: fitted per training set, test rows transformed, features V1, V2', async () => {
  const client = await attachedClient(running, 'umap-train');
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'CART',
    decomposition_config: { algorithm: 'UMAP', config: { k: 2, n_epochs: 100 } },
    outer_resampling_config: { type: 'KFold', n_resamples: 3, seed: 1 },
  });
  const summary = await client.call('job.result', { job_id: jobId });
  assert.deepEqual(summary.xnames, ['V1', 'V2']);
  assert.match(summary.description, /Decomposition was performed using UMAP, reducing 4 numeric features to 2 components\./);
  const mean = summary.metrics_test.mean_metrics[0] ?? summary.metrics_test.mean_metrics;
  assert.ok(mean.balanced_accuracy > 0.85, `mean test balanced accuracy ${mean.balanced_accuracy}`);
  await finish(client);
});
