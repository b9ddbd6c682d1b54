/**
 * Every implemented decomposition and clustering, through the real run, on the fixture
 * datasets: result shape as the rtemis reference, tables decoded per input row, record
 * valid against its schema, the same seed giving the same result, and a cancellation
 * checkpoint inside the algorithm. A new algorithm is covered as soon as it is in the
 * catalogue; give it settings below only when its defaults do not suit small data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMPLEMENTED_CLUSTERING, IMPLEMENTED_DECOMPOSITION } from '../../../src/engine/catalog/implemented.js';
import { buildClusterConfig } from '../../../src/engine/config/cluster-config.js';
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';
import type { EngineResult, EngineTask } from '../../../src/engine/contract.js';
import { datasetFromArrow } from '../../../src/engine/data/dataset.js';
import { columnValues } from '../../../src/engine/result-columns.js';
import { runJob } from '../../../src/engine/run/run-job.js';
import { arrowBytes, RecordingIo, referenceJson, rowCount, wire } from './fixtures.js';
import { checkSchema } from './schema-check.js';

type Json = Record<string, any>;

/** Non-default settings per algorithm (the defaults are used otherwise). */
const SETTINGS: Record<string, Record<string, unknown>> = {
  // iris has a duplicated case, which Rtsne refuses by default; fewer iterations keep the suite quick.
  tSNE: { check_duplicates: false, max_iter: 300 },
  UMAP: { n_epochs: 100 },
};

/** Decompositions without an iterative loop of their own (one SVD): nothing to cancel inside. */
const NOT_ITERATIVE = new Set(['PCA']);

/** A whole fixture table (categorical outcome and all) without its incomplete rows: the runs use its numeric columns. */
function completeData(name: string): { bytes: Uint8Array; n: number; p: number } {
  const columns = datasetFromArrow(arrowBytes(name)).columns;
  const bytes = arrowBytes(name, { rows: (_, value) => columns.every((column) => value(column.name) !== null) });
  return { bytes, n: datasetFromArrow(bytes).nRows, p: columns.filter((column) => column.kind === 'numeric').length };
}

const DATASETS = ['iris', 'wine', 'breast_cancer', 'penguins'].map((name) => ({ name, ...completeData(name) }));

function decompTask(algorithm: string, bytes: Uint8Array): EngineTask {
  return { jobId: 'job-test', type: 'decomp', config: { ...buildDecompConfig(algorithm, SETTINGS[algorithm] ?? {}), features: null }, data: bytes };
}

function clusterTask(algorithm: string, bytes: Uint8Array): EngineTask {
  return { jobId: 'job-test', type: 'cluster', config: { ...buildClusterConfig(algorithm, SETTINGS[algorithm] ?? {}), features: null }, data: bytes };
}

/** A result without its timestamps, for comparing two runs. */
function stable(result: EngineResult): unknown {
  return { object: wire(result.object), tables: result.tables };
}

async function assertCancellable(task: EngineTask): Promise<void> {
  // The run's own checkpoint before the fit passes; the algorithm's first one is refused.
  await assert.rejects(runJob(task, new RecordingIo(1)), /task cancelled/);
}

for (const algorithm of IMPLEMENTED_DECOMPOSITION) {
  for (const { name, bytes, n, p } of DATASETS) {
    test(`${algorithm} on ${name}: Decomposition shape, transformed per case, record, reproducible`, async () => {
      const io = new RecordingIo();
      const result = await runJob(decompTask(algorithm, bytes), io);
      const object = wire(result.object) as Json;
      const reference = referenceJson('pca', 'summary.json') as Json;
      assert.equal(result.family, 'Decomposition');
      assert.equal(object.algorithm, algorithm);
      assert.deepEqual(Object.keys(object), Object.keys(reference));
      assert.deepEqual(Object.keys(object.config), ['.class', 'algorithm', 'features', 'config', ...Object.keys(object.config.config)]);
      assert.equal(object.config['.class'], `${algorithm}Config`);

      const transformed = result.tables.transformed!;
      assert.equal(rowCount(transformed), n);
      assert.ok(transformed.columns.length >= 1);
      for (const column of transformed.columns) {
        assert.equal(column.type, 'float64');
        assert.ok(Array.from(column.values as Float64Array).every(Number.isFinite), `${column.name} finite`);
      }
      assert.equal(object.transformed.length, n);
      if (result.tables.loadings !== undefined) {
        assert.equal(rowCount(result.tables.loadings), p);
        assert.deepEqual(result.tables.loadings.columns.map((c) => c.name), ['variable', ...transformed.columns.map((c) => c.name)]);
      }
      const metrics = object.metrics.metrics[0];
      assert.deepEqual(Object.keys(metrics), Object.keys(reference.metrics.metrics[0]));
      if (transformed.columns.length > 1) assert.equal(typeof metrics.max_abs_component_correlation, 'number');

      const record = wire(result.record) as Json;
      assert.deepEqual(checkSchema(record, 'decompose/v1/record.json'), []);
      const messages = io.events.map((event) => event.message).filter((message) => !message.startsWith('Leaving out'));
      assert.deepEqual(messages.slice(0, 2), [`Input: ${n} cases x ${p} features.`, `Decomposing with ${algorithm}...`]);

      const again = await runJob(decompTask(algorithm, bytes), new RecordingIo());
      assert.deepEqual(stable(again), stable(result));
    });
  }
  if (!NOT_ITERATIVE.has(algorithm)) {
    test(`${algorithm}: the fit awaits a cancellation checkpoint`, () => assertCancellable(decompTask(algorithm, DATASETS[0]!.bytes)));
  }
}

for (const algorithm of IMPLEMENTED_CLUSTERING) {
  for (const { name, bytes, n } of DATASETS) {
    test(`${algorithm} on ${name}: Clustering shape, one assignment per case, record, reproducible`, async () => {
      const result = await runJob(clusterTask(algorithm, bytes), new RecordingIo());
      const object = wire(result.object) as Json;
      const reference = referenceJson('cmeans', 'summary.json') as Json;
      assert.equal(result.family, 'Clustering');
      assert.equal(object.algorithm, algorithm);
      assert.deepEqual(Object.keys(object), Object.keys(reference));
      assert.deepEqual(Object.keys(object.cluster_config), Object.keys(reference.cluster_config));
      assert.equal(object.config['.class'], `${algorithm}Config`);

      const assignments = result.tables.assignments!.columns;
      assert.deepEqual(assignments.map((c) => [c.name, c.type]), [['cluster', 'int32']]);
      const labels = Array.from(columnValues(assignments[0]!) as Int32Array);
      assert.equal(labels.length, n);
      assert.ok(labels.every((label) => Number.isInteger(label) && label >= 0), 'labels are 1-based, 0 = noise');
      const distinct = new Set(labels);
      assert.ok(distinct.size <= object.k, 'no more distinct labels than k');
      assert.ok([...distinct].every((label) => label <= object.k));

      const record = wire(result.record) as Json;
      assert.deepEqual(checkSchema(record, 'cluster/v1/record.json'), []);

      const again = await runJob(clusterTask(algorithm, bytes), new RecordingIo());
      assert.deepEqual(stable(again), stable(result));
    });
  }
  test(`${algorithm}: the fit awaits a cancellation checkpoint`, () => assertCancellable(clusterTask(algorithm, DATASETS[0]!.bytes)));
}
