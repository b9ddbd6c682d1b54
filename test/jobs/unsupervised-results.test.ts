/** `decomp` (PCA) and `cluster` (KMeans) jobs over the wire and their result slices (§6.8, vectors 85, 89–91). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, Float64, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import {
  assertEmptyPointer,
  attachedClient,
  columnValues,
  completed,
  fieldType,
  finish,
  runToCompletion,
  tableSlice,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const IRIS_NUMERIC = ['Sepal.Length', 'Sepal.Width', 'Petal.Length', 'Petal.Width'];

/** Vector 89's input: 40 rows × 4 numeric columns a, b, c, d. */
function numeric40(): Record<string, number[]> {
  const rows = Array.from({ length: 40 }, (_, i) => i + 1);
  return {
    a: rows.map((i) => i + Math.sin(i) * 4),
    b: rows.map((i) => Math.sin(i * 0.9) * 5 + i * 0.3),
    c: rows.map((i) => ((i * 7) % 11) - i * 0.1),
    d: rows.map((i) => Math.cos(i * 1.3) * 3 + i * 0.2),
  };
}

function numeric40Ipc(): Uint8Array {
  const columns = Object.fromEntries(Object.entries(numeric40()).map(([name, values]) => [name, vectorFromArray(values, new Float64())]));
  return tableToIPC(new Table(columns), 'stream');
}

const PENGUINS_COMPLETE = 333;

/** penguins without the rows that miss a value, every column kept. */
function completePenguinsIpc(): Uint8Array {
  const table = tableFromIPC(datasetIpc('penguins'));
  const complete = Array.from({ length: table.numRows }, (_, row) => row).filter((row) =>
    table.schema.fields.every((field) => table.getChild(field.name)!.get(row) !== null),
  );
  const columns = Object.fromEntries(
    table.schema.fields.map((field) => {
      const values = complete.map((row) => table.getChild(field.name)!.get(row));
      return [field.name, typeof values[0] === 'number' ? vectorFromArray(values, new Float64()) : vectorFromArray(values.map(String), new Utf8())];
    }),
  );
  return tableToIPC(new Table(columns), 'stream');
}

/** Column-standardised data (R's `scale()`: mean 0, sd with n − 1). */
function standardise(values: number[]): number[] {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
  return values.map((v) => (v - mean) / sd);
}

async function unsupervisedGuards(client: WireClient, jobId: string, family: 'Decomposition' | 'Clustering'): Promise<void> {
  assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'predictions' }), {
    code: 'invalid_params',
    message: '`predictions` slice requires a `Supervised` or `SupervisedRes` result.',
  });
  assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'metrics' }), {
    code: 'invalid_params',
    message: '`metrics` slice requires a `Supervised` result.',
  });
  const wrong = family === 'Decomposition' ? ['assignments'] : ['transformed', 'loadings'];
  for (const slice of wrong) {
    const error = await client.error('job.result', { job_id: jobId, slice });
    assert.equal(error.code, 'invalid_params');
    assert.match(error.message, new RegExp(`^\`${slice}\` slice requires a \`${family === 'Decomposition' ? 'Clustering' : 'Decomposition'}\` result\\.$`));
  }
  // Vector 85: the execution timeline exists only for supervised runs.
  assertEmptyPointer(await tableSlice(client, jobId, 'session'));
  assertEmptyPointer(await tableSlice(client, jobId, 'varimp'));
  assertEmptyPointer(await tableSlice(client, jobId, 'roc'));
  assert.equal((await client.error('job.result', { job_id: jobId, slice: 'nope' })).code, 'invalid_params');
}

test('vector 89: PCA k=2 on 40×4 numeric data — summary, transformed 40×2, loadings 4 rows, record', async () => {
  const client = await attachedClient(running, 'pca');
  const handle = await uploadTable(client, 'numeric40', numeric40Ipc());
  const { job_id: jobId } = await client.call('decomp', { data_handle: handle, algorithm: 'PCA', hyperparameters: { k: 2 } });
  assert.match(jobId, /^job-[0-9a-f]{16}$/);
  await completed(client, jobId);

  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary['.class'], 'Decomposition');
  assert.equal(summary.algorithm, 'PCA');
  assert.ok(summary.transformed === undefined || summary.transformed.available === true);
  assert.deepEqual(summary.decom, { available: true, fetch_via: 'decom' });
  const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
  assert.equal(raw['.class'], 'Decomposition');
  assert.notDeepEqual(raw.decom, summary.decom, 'raw carries the decomposition itself');

  const transformed = await tableSlice(client, jobId, 'transformed');
  assert.ok(transformed.table);
  assert.equal(transformed.result.rows, 40);
  assert.equal(transformed.result.cols, 2);
  for (const column of transformed.result.columns) assert.ok(DataType.isFloat(fieldType(transformed.table, column)));

  const loadings = await tableSlice(client, jobId, 'loadings');
  assert.ok(loadings.table);
  assert.equal(loadings.result.rows, 4);
  assert.ok(loadings.result.columns.includes('variable'));
  assert.deepEqual(columnValues(loadings.table, 'variable'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(loadings.result.columns.slice(1), transformed.result.columns, 'one loading column per component');

  // The scores are the standardised input rows projected on the loadings, in input order.
  const data = numeric40();
  const z = Object.fromEntries(Object.entries(data).map(([name, values]) => [name, standardise(values)]));
  for (const component of transformed.result.columns as string[]) {
    const weights = columnValues(loadings.table, component) as number[];
    const scores = columnValues(transformed.table, component) as number[];
    scores.forEach((score, row) => {
      const projected = ['a', 'b', 'c', 'd'].reduce((sum, name, j) => sum + z[name]![row]! * weights[j]!, 0);
      assert.ok(Math.abs(score - projected) < 1e-6, `${component} row ${row}: ${score} vs ${projected}`);
    });
  }

  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.match(record.$schema, /^https:\/\/schema\.rtemis\.org\/[a-z]+\/v1\/record\.json$/);
  assert.equal(record.provenance.outcome, 'completed');
  assert.equal(record.provenance.data_training.n_rows, 40);

  await unsupervisedGuards(client, jobId, 'Decomposition');
  await finish(client);
});

test('vector 90: PCA on two features gives 2 loadings rows, in `features` order; algorithm name is case-insensitive', async () => {
  const client = await attachedClient(running, 'pca-features');
  const handle = await uploadTable(client, 'numeric40', numeric40Ipc());
  const jobId = await runToCompletion(client, 'decomp', {
    data_handle: handle,
    algorithm: 'pca',
    hyperparameters: { k: 2 },
    features: ['c', 'a'],
  });
  const loadings = await tableSlice(client, jobId, 'loadings');
  assert.ok(loadings.table);
  assert.equal(loadings.result.rows, 2);
  assert.deepEqual(columnValues(loadings.table, 'variable'), ['c', 'a'], 'column order as given in `features`');
  const transformed = await tableSlice(client, jobId, 'transformed');
  assert.equal(transformed.result.rows, 40);
  assert.equal(transformed.result.cols, 2);
  await finish(client);
});

test('`config` takes precedence over `hyperparameters` in decomp', async () => {
  const client = await attachedClient(running, 'pca-config');
  const handle = await uploadTable(client, 'numeric40', numeric40Ipc());
  const jobId = await runToCompletion(client, 'decomp', {
    data_handle: handle,
    algorithm: 'PCA',
    config: { k: 3 },
    hyperparameters: { k: 1 },
  });
  assert.equal((await tableSlice(client, jobId, 'transformed')).result.cols, 3);
  await finish(client);
});

test('KMeans k=3 on iris: assignments is one int32 `cluster` column, one row per input row, in input order', async () => {
  const client = await attachedClient(running, 'kmeans');
  const handle = await uploadDataset(client, 'iris');
  const { job_id: jobId } = await client.call('cluster', {
    data_handle: handle,
    algorithm: 'KMeans',
    config: { k: 3 },
    features: IRIS_NUMERIC,
  });
  await completed(client, jobId);
  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary['.class'], 'Clustering');
  assert.equal(summary.algorithm, 'KMeans');
  assert.deepEqual(summary.clusters, { available: true, fetch_via: 'clusters' });

  const { result, table } = await tableSlice(client, jobId, 'assignments');
  assert.ok(table);
  assert.equal(result.columns, 'cluster', 'a single column is a bare string (auto-unboxing)');
  assert.equal(result.cols, 1);
  assert.equal(result.rows, 150);
  assert.ok(DataType.isInt(fieldType(table, 'cluster')));
  assert.equal((fieldType(table, 'cluster') as any).bitWidth, 32);
  const clusters = columnValues(table, 'cluster') as number[];
  assert.equal(new Set(clusters).size, 3);
  // Setosa (the first 50 rows of iris) is linearly separable: KMeans puts it in a cluster of its own.
  const species = Array.from(tableFromIPC(datasetIpc('iris')).getChild('Species')!) as string[];
  const setosaClusters = new Set(clusters.filter((_, i) => species[i] === 'setosa'));
  assert.equal(setosaClusters.size, 1);
  const [setosaCluster] = setosaClusters;
  assert.ok(clusters.every((cluster, i) => (cluster === setosaCluster) === (species[i] === 'setosa')));

  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.provenance.outcome, 'completed');
  await unsupervisedGuards(client, jobId, 'Clustering');
  await finish(client);
});

test('PCA and KMeans on a whole table with a categorical outcome: numeric columns used, the others named in progress', async () => {
  const client = await attachedClient(running, 'unsup-whole-table');
  const handle = await uploadDataset(client, 'penguins');
  // penguins: island and sex (factors) before the numeric columns, species (factor) last; some values missing.
  const complete = await uploadTable(client, 'penguins-complete', completePenguinsIpc());
  for (const [method, algorithm, config] of [['decomp', 'PCA', { k: 2 }], ['cluster', 'KMeans', { k: 3 }]] as const) {
    const jobId = await runToCompletion(client, method, { data_handle: complete, algorithm, config });
    const progress = client.events('job.progress').filter((data) => data.job_id === jobId).map((data) => data.message);
    assert.ok(progress.includes('Leaving out 3 columns that are not numeric: "island" (factor), "sex" (factor), "species" (factor).'), progress.join(' | '));
    assert.ok(progress.includes(`Input: ${PENGUINS_COMPLETE} cases x 5 features.`), progress.join(' | '));
    if (method === 'decomp') {
      const loadings = await tableSlice(client, jobId, 'loadings');
      assert.deepEqual(columnValues(loadings.table!, 'variable'), ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'year']);
      assert.equal((await tableSlice(client, jobId, 'transformed')).result.rows, PENGUINS_COMPLETE);
    } else {
      assert.equal((await tableSlice(client, jobId, 'assignments')).result.rows, PENGUINS_COMPLETE);
    }
    // An explicit non-numeric feature stays an error, named in the failure.
    const { job_id: failing } = await client.call(method, { data_handle: handle, algorithm, config, features: ['species', 'year'] });
    const failed = await client.waitForEvent('job.failed', (data) => data.job_id === failing, 60_000);
    assert.match(failed.error.message, /not numeric: "species" \(factor\)/);
  }
  await finish(client);
});

test('vector 91 and §3.28/§3.29 errors: algorithm before handle, then features, then config', async () => {
  const client = await attachedClient(running, 'unsup-errors');
  const handle = await uploadTable(client, 'numeric40', numeric40Ipc());
  for (const [method, label, algorithm] of [
    ['decomp', 'decomposition', 'PCA'],
    ['cluster', 'clustering', 'KMeans'],
  ] as const) {
    assert.deepEqual(await client.error(method, { algorithm }), {
      code: 'invalid_params',
      message: '`data_handle` and `algorithm` are required.',
    });
    assert.deepEqual(await client.error(method, { data_handle: handle }), {
      code: 'invalid_params',
      message: '`data_handle` and `algorithm` are required.',
    });
    assert.deepEqual(await client.error(method, { data_handle: 'data-x', algorithm: 'NotReal' }), {
      code: 'not_found',
      message: `Unknown ${label} algorithm \`NotReal\`.`,
    });
    assert.deepEqual(await client.error(method, { data_handle: 'data-x', algorithm }), {
      code: 'not_found',
      message: "Unknown data_handle 'data-x'.",
    });
    const missing = await client.error(method, { data_handle: handle, algorithm, features: ['a', 'missing_col'] });
    assert.equal(missing.code, 'invalid_params');
    assert.match(missing.message, /missing_col/);
    assert.doesNotMatch(missing.message, /\ba\b,/, 'only absent columns are named');
    for (const features of [[], [''], [1, 2]]) {
      assert.deepEqual(await client.error(method, { data_handle: handle, algorithm, features }), {
        code: 'invalid_params',
        message: '`features` must be a non-empty character vector.',
      });
    }
    const unknownKey = await client.error(method, { data_handle: handle, algorithm, config: { zzz: 1 } });
    assert.equal(unknownKey.code, 'invalid_params');
    assert.match(unknownKey.message, new RegExp(`^Could not build ${label} config: .*zzz`));
    const badK = await client.error(method, { data_handle: handle, algorithm, config: { k: 'two' } });
    assert.equal(badK.code, 'invalid_params');
    assert.match(badK.message, new RegExp(`^Could not build ${label} config: .*\`k\``));
  }
  assert.deepEqual((await client.call('job.list')).jobs, [], 'no rejected request created a job');
  await finish(client);
});
