import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineTask } from '../../../src/engine/contract.js';
import { buildClusterConfig } from '../../../src/engine/config/cluster-config.js';
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';
import { runJob } from '../../../src/engine/run/run-job.js';
import { arrowBytes, column, RecordingIo, referenceJson, rowCount, wire } from './fixtures.js';
import { checkSchema } from './schema-check.js';

type Json = Record<string, any>;
const measurements = arrowBytes('iris', { columns: ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width'] });
const iris = arrowBytes('iris');

function decompTask(bytes: Uint8Array, config: Record<string, unknown>, features: string[] | null = null): EngineTask {
  return { jobId: 'job-test', type: 'decomp', config: { ...buildDecompConfig('pca', config), features }, data: bytes };
}

function clusterTask(bytes: Uint8Array, config: Record<string, unknown>, features: string[] | null = null): EngineTask {
  return { jobId: 'job-test', type: 'cluster', config: { ...buildClusterConfig('kmeans', config), features }, data: bytes };
}

test('PCA k=2 on the iris measurements: pca reference shapes and metrics', async () => {
  const io = new RecordingIo();
  const result = await runJob(decompTask(measurements, { k: 2 }), io);
  const reference = referenceJson('pca', 'summary.json') as Json;
  const object = wire(result.object) as Json;
  assert.equal(result.family, 'Decomposition');
  assert.deepEqual(Object.keys(object), Object.keys(reference));
  assert.deepEqual(Object.keys(object.config), Object.keys(reference.config));
  assert.deepEqual(Object.keys(object.decompose_config), Object.keys(reference.decompose_config));
  assert.deepEqual(Object.keys(object.data_fingerprint), Object.keys(reference.data_fingerprint));
  // Same data and settings as the reference run: PCA is deterministic.
  const ours = object.metrics.metrics[0];
  const theirs = reference.metrics.metrics[0];
  for (const key of ['explained_variance_ratio', 'relative_reconstruction_error', 'reconstruction_rmse', 'effective_dimensionality']) {
    assert.equal(ours[key], theirs[key], key);
  }
  assert.equal(rowCount(result.tables.transformed), 150);
  assert.deepEqual(result.tables.transformed!.columns.map((c) => c.name), ['PC1', 'PC2']);
  assert.deepEqual(result.tables.loadings!.columns.map((c) => c.name), ['variable', 'PC1', 'PC2']);
  assert.equal(rowCount(result.tables.loadings), 4);
  assert.equal(result.tables.session, undefined);
  assert.deepEqual(io.events.map((event) => event.message).slice(0, 2), ['Input: 150 cases x 4 features.', 'Decomposing with PCA...']);
  const record = wire(result.record) as Json;
  assert.deepEqual(Object.keys(record), Object.keys(referenceJson('pca', 'record.json') as Json));
  assert.deepEqual(checkSchema(record, 'decompose/v1/record.json'), []);
  assert.equal(record.decomposition_config.config.origin.k, 'user');
  assert.equal(record.decomposition_config.config.origin.center, 'default');
});

test('PCA on selected features; a named non-numeric feature is refused', async () => {
  const result = await runJob(decompTask(iris, { k: 2 }, ['Sepal.Length', 'Petal.Length']), new RecordingIo());
  assert.equal(rowCount(result.tables.loadings), 2);
  assert.deepEqual(column(result.tables.loadings, 'variable').values, ['Sepal.Length', 'Petal.Length']);
  await assert.rejects(runJob(decompTask(iris, { k: 2 }, ['Sepal.Length', 'Species']), new RecordingIo()), /numeric features; not numeric: "Species" \(factor\)/);
  await assert.rejects(runJob(clusterTask(iris, { k: 3 }, ['Species', 'Petal.Width']), new RecordingIo()), /numeric features; not numeric: "Species"/);
});

test('without features, PCA and KMeans use every numeric column and say which columns they left out', async () => {
  for (const task of [decompTask(iris, { k: 2 }), clusterTask(iris, { k: 3 })]) {
    const io = new RecordingIo();
    const result = await runJob(task, io);
    const messages = io.events.map((event) => event.message);
    assert.deepEqual(messages.slice(0, 2), ['Leaving out 1 column that is not numeric: "Species" (factor).', 'Input: 150 cases x 4 features.']);
    if (task.type === 'decomp') {
      assert.deepEqual(column(result.tables.loadings, 'variable').values, ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width']);
      // The same decomposition as on the numeric columns alone.
      const alone = await runJob(decompTask(measurements, { k: 2 }), new RecordingIo());
      assert.deepEqual(result.tables.transformed, alone.tables.transformed);
    } else {
      assert.equal(rowCount(result.tables.assignments), 150);
    }
  }
  // Nothing left out: no message.
  const io = new RecordingIo();
  await runJob(decompTask(measurements, { k: 2 }), io);
  assert.equal(io.events[0]!.message, 'Input: 150 cases x 4 features.');
});

test('without features, fewer than two numeric columns fail with a message naming the others', async () => {
  const oneNumeric = arrowBytes('iris', { columns: ['Sepal.Length', 'Species'] });
  await assert.rejects(runJob(decompTask(oneNumeric, { k: 1 }), new RecordingIo()), /^Error: PCA needs at least two numeric columns; the dataset has 1 \(not numeric: "Species" \(factor\)\)\./);
  await assert.rejects(runJob(clusterTask(oneNumeric, { k: 2 }), new RecordingIo()), /KMeans needs at least two numeric columns/);
});

test('KMeans k=3: cluster assignments per input row, cmeans reference shapes', async () => {
  const result = await runJob(clusterTask(iris, { k: 3 }, ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width']), new RecordingIo());
  const reference = referenceJson('cmeans', 'summary.json') as Json;
  const object = wire(result.object) as Json;
  assert.equal(result.family, 'Clustering');
  assert.deepEqual(Object.keys(object), Object.keys(reference));
  assert.deepEqual(Object.keys(object.cluster_config), Object.keys(reference.cluster_config));
  const assignments = column(result.tables.assignments, 'cluster');
  assert.equal(assignments.type, 'int32');
  assert.equal(assignments.values.length, 150);
  assert.deepEqual(new Set(Array.from(assignments.values)), new Set([1, 2, 3]));
  // Setosa separates cleanly: the first 50 rows share one cluster that no other row has.
  const setosa = assignments.values[0];
  assert.ok(Array.from(assignments.values).every((value, row) => (row < 50) === (value === setosa)));
  const record = wire(result.record) as Json;
  assert.deepEqual(Object.keys(record), Object.keys(referenceJson('cmeans', 'record.json') as Json));
  assert.deepEqual(checkSchema(record, 'cluster/v1/record.json'), []);
});
