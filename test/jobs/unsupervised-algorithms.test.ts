/**
 * Every implemented decomposition and clustering over the wire, on whole uploaded tables
 * (categorical columns included): catalogue and describe, the job, its summary, decoded
 * slices, record, progress, and bad parameters refused at submission. A new algorithm is
 * covered once it is in the catalogue; give it settings below when its defaults do not
 * suit iris.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DataType } from 'apache-arrow';
import { IMPLEMENTED_CLUSTERING, IMPLEMENTED_DECOMPOSITION } from '../../src/engine/catalog/implemented.js';
import { REFERENCE_DIR } from '../support/fixture-paths.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { attachedClient, columnValues, fieldType, finish, runToCompletion, tableSlice, uploadDataset } from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const describeFixture = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'describe-responses.json'), 'utf8'));

/** Non-default settings per algorithm on iris (the defaults are used otherwise). */
const SETTINGS: Record<string, Record<string, unknown>> = {
  CMeans: { k: 3 },
  // iris has a duplicated case, which Rtsne refuses by default; fewer iterations keep the suite quick.
  tSNE: { check_duplicates: false, max_iter: 300 },
  UMAP: { n_epochs: 100 },
};

const IRIS_ROWS = 150;
const LEFT_OUT = 'Leaving out 1 column that is not numeric: "Species" (factor).';

test('cluster.algorithms and decomp.algorithms list every implemented algorithm; describe matches the reference', async () => {
  const client = await attachedClient(running, 'unsup-catalogue');
  const clusters = (await client.call('cluster.algorithms')).algorithms.map((row: { name: string }) => row.name);
  assert.deepEqual([...clusters].sort(), [...IMPLEMENTED_CLUSTERING].sort());
  const decompositions = (await client.call('decomp.algorithms')).algorithms.map((row: { name: string }) => row.name);
  assert.deepEqual([...decompositions].sort(), [...IMPLEMENTED_DECOMPOSITION].sort());
  for (const name of IMPLEMENTED_CLUSTERING) {
    assert.deepEqual(await client.call('cluster.algorithm.describe', { name: name.toLowerCase() }), describeFixture.cluster_describe[name]);
  }
  for (const name of IMPLEMENTED_DECOMPOSITION) {
    assert.deepEqual(await client.call('decomp.algorithm.describe', { name }), describeFixture.decomp_describe[name]);
  }
  await finish(client);
});

for (const algorithm of IMPLEMENTED_CLUSTERING) {
  test(`${algorithm} on the whole iris table: summary, assignments decoded, raw clust, record, progress`, async () => {
    const client = await attachedClient(running, `cluster-${algorithm}`);
    const handle = await uploadDataset(client, 'iris');
    const jobId = await runToCompletion(client, 'cluster', { data_handle: handle, algorithm, config: SETTINGS[algorithm] ?? {} });
    const summary = await client.call('job.result', { job_id: jobId });
    assert.equal(summary['.class'], 'Clustering');
    assert.equal(summary.algorithm, algorithm);
    assert.deepEqual(summary.clust, { available: true, fetch_via: 'clust' });
    assert.deepEqual(summary.clusters, { available: true, fetch_via: 'clusters' });
    assert.equal(summary.config['.class'], `${algorithm}Config`);

    const { result, table } = await tableSlice(client, jobId, 'assignments');
    assert.ok(table);
    assert.equal(result.rows, IRIS_ROWS);
    assert.ok(DataType.isInt(fieldType(table, 'cluster')));
    const labels = columnValues(table, 'cluster') as number[];
    const distinct = new Set(labels);
    assert.ok(labels.every((label) => Number.isInteger(label) && label >= 0 && label <= summary.k));
    if (algorithm === 'DBSCAN') assert.equal(summary.k, distinct.size, 'DBSCAN k = distinct labels, noise included');
    else assert.equal(summary.k, (SETTINGS[algorithm]?.k as number | undefined) ?? describeFixture.cluster_describe[algorithm].hyperparameters[0].default);

    const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
    assert.equal(typeof raw.clust, 'object');
    assert.notDeepEqual(raw.clust, summary.clust);
    const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
    assert.equal(record.clustering_config.algorithm, algorithm);
    assert.equal(record.provenance.outcome, 'completed');

    const progress = client.events('job.progress').filter((data) => data.job_id === jobId).map((data) => data.message);
    assert.ok(progress.includes(LEFT_OUT), progress.join(' | '));
    assert.ok(progress.includes(`Clustering with ${algorithm}...`));
    if (algorithm === 'DBSCAN') assert.ok(progress.includes(`Found ${summary.k} clusters.`), progress.join(' | '));
    await finish(client);
  });
}

for (const algorithm of IMPLEMENTED_DECOMPOSITION) {
  test(`${algorithm} on the whole iris table: summary, transformed (and loadings) decoded, record, progress`, async () => {
    const client = await attachedClient(running, `decomp-${algorithm}`);
    const handle = await uploadDataset(client, 'iris');
    const jobId = await runToCompletion(client, 'decomp', { data_handle: handle, algorithm, config: SETTINGS[algorithm] ?? {} });
    const summary = await client.call('job.result', { job_id: jobId });
    assert.equal(summary['.class'], 'Decomposition');
    assert.equal(summary.algorithm, algorithm);
    assert.deepEqual(summary.decom, { available: true, fetch_via: 'decom' });
    const transformed = await tableSlice(client, jobId, 'transformed');
    assert.ok(transformed.table);
    assert.equal(transformed.result.rows, IRIS_ROWS);
    for (const name of [transformed.result.columns].flat() as string[]) assert.ok(DataType.isFloat(fieldType(transformed.table, name)));
    const loadings = await tableSlice(client, jobId, 'loadings');
    if (loadings.table !== null) {
      assert.deepEqual(columnValues(loadings.table, 'variable'), ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width']);
    }
    const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
    assert.equal(record.decomposition_config.algorithm, algorithm);
    const progress = client.events('job.progress').filter((data) => data.job_id === jobId).map((data) => data.message);
    assert.ok(progress.includes(LEFT_OUT), progress.join(' | '));
    await finish(client);
  });
}

test('bad parameters are refused at submission (invalid_params) for every algorithm, and no job is made', async () => {
  const client = await attachedClient(running, 'unsup-bad-params');
  const handle = await uploadDataset(client, 'iris');
  type BadCase = [method: 'cluster' | 'decomp', algorithm: string, config: Record<string, unknown>, message: RegExp];
  const cases: BadCase[] = [
    ...IMPLEMENTED_CLUSTERING.map((algorithm): BadCase => {
      const first = describeFixture.cluster_describe[algorithm].hyperparameters[0].name as string;
      return ['cluster', algorithm, { [first]: 'two' }, new RegExp(`\`${first}\` must be`)];
    }),
    ...IMPLEMENTED_DECOMPOSITION.map((algorithm): BadCase => ['decomp', algorithm, { k: 0 }, /`k` must be an integer ≥ 1/]),
    ['cluster', 'DBSCAN', { approx: true }, /`approx` = true is not supported/],
    ['cluster', 'DBSCAN', { eps: -1 }, /`eps` must be a number > 0/],
    ['cluster', 'CMeans', { control: { iter: 3 } }, /`control` has unknown key `iter`/],
    ['cluster', 'CMeans', { m: 1 }, /`m` must be a number > 1/],
    ['cluster', 'HardCL', { dist: 'cosine' }, /`dist` must be one of `euclidean`, `manhattan`/],
    ['cluster', 'NeuralGas', { lambda: 2 }, /Unknown NeuralGas clustering key: `lambda`/],
  ];
  for (const [method, algorithm, config, message] of cases) {
    const error = await client.error(method, { data_handle: handle, algorithm, config });
    assert.equal(error.code, 'invalid_params', `${algorithm} ${JSON.stringify(config)}`);
    assert.match(error.message, message);
  }
  assert.deepEqual((await client.call('job.list')).jobs, []);
  // A run-time refusal (data-dependent) fails the job with a clear message instead.
  const { job_id: jobId } = await client.call('cluster', { data_handle: handle, algorithm: 'CMeans', config: { weights: [1, 2] } });
  const failed = await client.waitForEvent('job.failed', (data) => data.job_id === jobId, 60_000);
  assert.match(failed.error.message, /`weights` must be one number or one per case \(150\); got 2/);
  await finish(client);
});

test('seeds reproduce over the wire: the same request twice gives the same assignments', async () => {
  const client = await attachedClient(running, 'unsup-repro');
  const handle = await uploadDataset(client, 'iris');
  for (const algorithm of IMPLEMENTED_CLUSTERING) {
    const runs: number[][] = [];
    for (let r = 0; r < 2; r++) {
      const jobId = await runToCompletion(client, 'cluster', { data_handle: handle, algorithm, config: SETTINGS[algorithm] ?? {} });
      runs.push(columnValues((await tableSlice(client, jobId, 'assignments')).table!, 'cluster') as number[]);
    }
    assert.deepEqual(runs[0], runs[1], algorithm);
  }
  await finish(client);
});
