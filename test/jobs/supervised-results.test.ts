/**
 * Every advertised supervised algorithm trained over the wire on the shared datasets, single
 * fit and 5-fold outer resampling, with every `job.result` slice decoded and checked (§6.8).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType, tableFromIPC, type Table } from 'apache-arrow';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import {
  assertEmptyPointer,
  attachedClient,
  columnValues,
  datasetOutcome,
  fieldType,
  finish,
  runToCompletion,
  tableSlice,
  uploadDataset,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

interface Run {
  algorithm: string;
  dataset: string;
  resampled: boolean;
  extra?: Record<string, unknown>;
  /** Algorithms without variable importance (rtemis-model §1.1 "—"): the varimp slice is an empty pointer. */
  noVarimp?: true;
}

const KFOLD = { type: 'KFold', n_resamples: 5 };
const FOLDS = 5;

/** Each algorithm in both modes; each shared dataset at least once; heavy learners kept small. */
const RUNS: Run[] = [
  { algorithm: 'GLM', dataset: 'breast_cancer', resampled: false },
  { algorithm: 'GLM', dataset: 'boston', resampled: true },
  { algorithm: 'CART', dataset: 'iris', resampled: false },
  { algorithm: 'CART', dataset: 'penguins', resampled: true },
  { algorithm: 'Ranger', dataset: 'penguins', resampled: false, extra: { hyperparameters: { num_trees: 50 } } },
  { algorithm: 'Ranger', dataset: 'diabetes', resampled: true, extra: { hyperparameters: { num_trees: 50 } } },
  { algorithm: 'LightGBM', dataset: 'boston', resampled: false, extra: { hyperparameters: { force_nrounds: 20 } } },
  { algorithm: 'LightGBM', dataset: 'breast_cancer', resampled: true, extra: { hyperparameters: { force_nrounds: 20 } } },
  { algorithm: 'LightRF', dataset: 'diabetes', resampled: false, extra: { hyperparameters: { nrounds: 30 } } },
  { algorithm: 'LightRF', dataset: 'iris', resampled: true, extra: { hyperparameters: { nrounds: 30 } } },
  { algorithm: 'LightCART', dataset: 'penguins', resampled: false, extra: { preprocessor_config: { impute: true } } },
  { algorithm: 'LightCART', dataset: 'boston', resampled: true },
  { algorithm: 'GLMNET', dataset: 'diabetes', resampled: false },
  { algorithm: 'GLMNET', dataset: 'breast_cancer', resampled: true, extra: { hyperparameters: { lambda: 0.01 } } },
  { algorithm: 'NNLS', dataset: 'boston', resampled: false },
  { algorithm: 'NNLS', dataset: 'breast_cancer', resampled: true, extra: { hyperparameters: { normalize: false } } },
  { algorithm: 'Isotonic', dataset: 'breast_cancer', resampled: false, noVarimp: true, extra: { preprocessor_config: { remove_features: allBut('breast_cancer', 'mean radius') } } },
  { algorithm: 'Isotonic', dataset: 'boston', resampled: true, noVarimp: true, extra: { preprocessor_config: { remove_features: allBut('boston', 'rm') } } },
  {
    algorithm: 'SuperLearner',
    dataset: 'breast_cancer',
    resampled: false,
    extra: { hyperparameters: { base_learners: [{ algorithm: 'GLM' }, { algorithm: 'Ranger', hyperparameters: { num_trees: 30 } }], inner_resampling_config: { type: 'KFold', n_resamples: 3 } } },
  },
  {
    algorithm: 'SuperLearner',
    dataset: 'boston',
    resampled: true,
    extra: { hyperparameters: { base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART' }], inner_resampling_config: { type: 'KFold', n_resamples: 3 } } },
  },
  { algorithm: 'KNN', dataset: 'breast_cancer', resampled: false, noVarimp: true },
  { algorithm: 'KNN', dataset: 'breast_cancer', resampled: true, noVarimp: true },
  { algorithm: 'KNN', dataset: 'wine', resampled: false, noVarimp: true },
  { algorithm: 'KNN', dataset: 'penguins', resampled: true, noVarimp: true, extra: { preprocessor_config: { impute: true } } },
  { algorithm: 'KNN', dataset: 'boston', resampled: false, noVarimp: true },
  { algorithm: 'KNN', dataset: 'diabetes', resampled: true, noVarimp: true },
  { algorithm: 'LinearSVM', dataset: 'breast_cancer', resampled: false },
  { algorithm: 'LinearSVM', dataset: 'boston', resampled: true },
  { algorithm: 'RadialSVM', dataset: 'iris', resampled: false, noVarimp: true },
  { algorithm: 'RadialSVM', dataset: 'penguins', resampled: true, extra: { preprocessor_config: { impute: true } }, noVarimp: true },
];

/** Every feature of a shared dataset except `keep` (Isotonic takes one predictor). */
function allBut(dataset: string, keep: string): string[] {
  const { name: outcome } = datasetOutcome(dataset);
  return tableFromIPC(datasetIpc(dataset)).schema.fields.map((field) => field.name).filter((name) => name !== keep && name !== outcome);
}

const POINTER_KEYS = ['varimp', 'varimp_per_resample', 'transformed', 'decom', 'clusters', 'clust'];
const METRICS_KEYS = ['metrics_training', 'metrics_validation', 'metrics_test'];
const SESSION_COLUMNS = ['label', 'start', 'end', 'kind', 'status', 'failed', 'tip'];
const ROC_COLUMNS = ['split', 'class', 'fold', 'fpr', 'tpr', 'auc'];

test('the runs below cover every algorithm that `algorithms` advertises, in both modes', async () => {
  const client = await attachedClient(running, 'catalog');
  const { algorithms } = await client.call('algorithms');
  const advertised = algorithms.map((entry: { name: string }) => entry.name).sort();
  for (const resampled of [false, true]) {
    const covered = [...new Set(RUNS.filter((run) => run.resampled === resampled).map((run) => run.algorithm))].sort();
    assert.deepEqual(covered, advertised);
  }
  await finish(client);
});

for (const run of RUNS) {
  const mode = run.resampled ? '5-fold KFold' : 'single fit';
  test(`${run.algorithm} on ${run.dataset} (${mode}): every slice decodes with the documented shape`, async () => {
    const client = await attachedClient(running, `sup-${run.algorithm}`);
    const handle = await uploadDataset(client, run.dataset);
    const jobId = await runToCompletion(client, 'train', {
      data_handle: handle,
      algorithm: run.algorithm,
      ...(run.resampled ? { outer_resampling_config: KFOLD } : {}),
      ...run.extra,
    });
    const outcome = datasetOutcome(run.dataset);
    const classification = typeof outcome.values[0] === 'string';
    const levels = classification ? [...new Set(outcome.values as string[])].sort() : [];

    const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
    const summary = await client.call('job.result', { job_id: jobId });
    const explicitSummary = await client.call('job.result', { job_id: jobId, slice: 'summary' });
    assert.deepEqual(explicitSummary, summary);
    checkSummary(run, classification, raw, summary);
    await checkRecord(client, jobId, run, outcome.rows);
    await checkMetrics(client, jobId, run, classification);
    const folds = await checkPredictions(client, jobId, run, classification, levels, outcome.values);
    await checkVarimp(client, jobId, run, folds);
    await checkRoc(client, jobId, run, classification, levels, folds);
    await checkSession(client, jobId);
    await finish(client);
  });
}

test('slices of another result type and unknown slices are invalid_params on a supervised result', async () => {
  const client = await attachedClient(running, 'sup-guards');
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'CART' });
  assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'transformed' }), {
    code: 'invalid_params',
    message: '`transformed` slice requires a `Decomposition` result.',
  });
  assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'loadings' }), {
    code: 'invalid_params',
    message: '`loadings` slice requires a `Decomposition` result.',
  });
  assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'assignments' }), {
    code: 'invalid_params',
    message: '`assignments` slice requires a `Clustering` result.',
  });
  const bogus = await client.error('job.result', { job_id: jobId, slice: 'bogus' });
  assert.equal(bogus.code, 'invalid_params');
  assert.match(bogus.message, /^Unsupported slice `bogus`\. Use `summary`, `raw`, `record`/);
  // null slice means the default.
  assert.equal((await client.call('job.result', { job_id: jobId, slice: null }))['.class'], 'Classification');
  await finish(client);
});

test('GLM on penguins fails as a job: first on missing values (hinting at impute), then, imputed, on the 3-class outcome', async () => {
  const client = await attachedClient(running, 'sup-glm-penguins');
  const handle = await uploadDataset(client, 'penguins');
  const failure = async (extra: Record<string, unknown>) => {
    const { job_id: jobId, status } = await client.call('train', { data_handle: handle, algorithm: 'GLM', ...extra });
    assert.equal(status, 'running', 'the request itself is valid');
    const failed = await client.waitForEvent('job.failed', (data) => data.job_id === jobId, 60_000);
    assert.equal(failed.error.code, 'internal_error');
    const summary = await client.call('job.status', { job_id: jobId });
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.error, failed.error);
    assert.deepEqual(await client.error('job.result', { job_id: jobId }), {
      code: 'invalid_params',
      message: 'Job status is `failed`; no result available.',
    });
    return failed.error.message as string;
  };
  const missing = await failure({});
  assert.match(missing, /missing/);
  assert.match(missing, /bill_length_mm/);
  assert.match(missing, /impute/);
  const imputed = await failure({ preprocessor_config: { impute: true } });
  assert.doesNotMatch(imputed, /missing/, 'imputation removed the missing values');
  assert.match(imputed, /multiclass/);
  await finish(client);
});

function checkSummary(run: Run, classification: boolean, raw: any, summary: any): void {
  const family = classification ? 'Classification' : 'Regression';
  assert.equal(raw['.class'], run.resampled ? `${family}Res` : family);
  assert.equal(raw.algorithm, run.algorithm);
  assert.deepEqual(Object.keys(summary), Object.keys(raw), 'summary keeps the key order of the library JSON');
  const importanceKey = run.resampled ? 'varimp_per_resample' : 'varimp';
  if (run.noVarimp) assert.ok(raw[importanceKey] === undefined || raw[importanceKey] === null, `raw has no ${importanceKey}`);
  else assert.ok(raw[importanceKey], `raw carries ${importanceKey}`);
  for (const [key, value] of Object.entries(raw)) {
    if (POINTER_KEYS.includes(key) && value !== null) {
      assert.deepEqual(summary[key], { available: true, fetch_via: key });
    } else if (METRICS_KEYS.includes(key) && value && typeof value === 'object') {
      assert.equal('res_metrics' in summary[key], false, `summary.${key} has no res_metrics`);
      const { res_metrics: _dropped, ...rest } = value as Record<string, unknown>;
      assert.deepEqual(summary[key], rest);
    } else {
      assert.deepEqual(summary[key], value, `summary.${key} equals raw.${key}`);
    }
  }
  if (run.resampled) {
    assert.ok('res_metrics' in raw.metrics_training, 'raw keeps per-resample training metrics');
    assert.ok('res_metrics' in raw.metrics_test, 'raw keeps per-resample test metrics');
  }
}

async function checkRecord(client: WireClient, jobId: string, run: Run, rows: number): Promise<void> {
  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.$schema, 'https://schema.rtemis.org/supervised/v1/record.json');
  for (const key of ['origin', 'folds', 'metrics', 'provenance']) assert.ok(key in record, `record.${key}`);
  assert.equal(record.folds.length, run.resampled ? FOLDS : 1);
  assert.equal(record.provenance.outcome, 'completed');
  assert.equal(record.provenance.data_training.n_rows, rows);
  for (const key of ['dat_training_path', 'outdir']) {
    assert.ok(Object.hasOwn(record, key), `record.${key} is present`);
    assert.equal(record[key], null);
  }
  assert.equal(record.hyperparameters.algorithm, run.algorithm);
}

async function checkMetrics(client: WireClient, jobId: string, run: Run, classification: boolean): Promise<void> {
  if (run.resampled) {
    assert.deepEqual(await client.error('job.result', { job_id: jobId, slice: 'metrics' }), {
      code: 'invalid_params',
      message: '`metrics` slice requires a `Supervised` result.',
    });
    return;
  }
  const metrics = await client.call('job.result', { job_id: jobId, slice: 'metrics' });
  assert.deepEqual(Object.keys(metrics), ['training']);
  assert.equal(metrics.training['.class'], classification ? 'ClassificationMetrics' : 'RegressionMetrics');
  assert.equal(metrics.training.sample, 'Training');
}

/** Returns the fold labels (resampled) or [] (single fit). */
async function checkPredictions(
  client: WireClient,
  jobId: string,
  run: Run,
  classification: boolean,
  levels: string[],
  outcome: (string | number)[],
): Promise<string[]> {
  const { result, table } = await tableSlice(client, jobId, 'predictions');
  assert.ok(table);
  const n = outcome.length;
  const isOutcomeType = (type: DataType) => (classification ? DataType.isDictionary(type) : DataType.isFloat(type));
  assert.ok(isOutcomeType(fieldType(table, 'actual')), `actual is ${classification ? 'dictionary' : 'float64'}`);
  assert.ok(isOutcomeType(fieldType(table, 'predicted')), `predicted is ${classification ? 'dictionary' : 'float64'}`);
  assert.ok(DataType.isUtf8(fieldType(table, 'split')));
  const splits = columnValues(table, 'split');
  if (!run.resampled) {
    const probabilities = !classification ? [] : levels.length === 2 ? null : levels.map((level) => `prob_${level}`);
    if (probabilities === null) {
      // Binary: one probability column, named after the positive class.
      assert.equal(result.columns.length, 4);
      assert.deepEqual(result.columns.slice(0, 3), ['split', 'actual', 'predicted']);
      assert.ok(levels.map((level) => `prob_${level}`).includes(result.columns[3]));
    } else {
      assert.deepEqual(result.columns, ['split', 'actual', 'predicted', ...probabilities]);
    }
    assert.equal(result.rows, n);
    assert.ok(splits.every((split) => split === 'training'));
    assert.deepEqual(sorted(columnValues(table, 'actual')), sorted(outcome), 'actual holds the outcome');
    checkPredictedValues(table, classification, levels);
    for (const column of result.columns.slice(3)) {
      assert.ok(DataType.isFloat(fieldType(table, column)));
      assert.ok(columnValues(table, column).every((p: number) => p >= 0 && p <= 1), `${column} is a probability`);
    }
    return [];
  }
  assert.deepEqual(result.columns, ['split', 'fold', 'actual', 'predicted']);
  // KFold: each case is tested once and trained on in the other k-1 folds.
  assert.equal(result.rows, n * FOLDS);
  assert.equal(splits.filter((split) => split === 'test').length, n);
  assert.equal(splits.filter((split) => split === 'training').length, n * (FOLDS - 1));
  const folds = [...new Set(columnValues(table, 'fold') as string[])];
  assert.equal(folds.length, FOLDS);
  const testActual = columnValues(table, 'actual').filter((_, i) => splits[i] === 'test');
  assert.deepEqual(sorted(testActual), sorted(outcome), 'test predictions cover every case once');
  checkPredictedValues(table, classification, levels);
  return folds;
}

function checkPredictedValues(table: Table, classification: boolean, levels: string[]): void {
  const predicted = columnValues(table, 'predicted');
  if (classification) assert.ok(predicted.every((value: string) => levels.includes(value)), 'predicted values are outcome levels');
  else assert.ok(predicted.every((value: number) => Number.isFinite(value)), 'predicted values are finite numbers');
}

async function checkVarimp(client: WireClient, jobId: string, run: Run, folds: string[]): Promise<void> {
  const slice = await tableSlice(client, jobId, 'varimp');
  if (run.noVarimp) {
    assertEmptyPointer(slice);
    return;
  }
  const { result, table } = slice;
  assert.ok(table && result.rows > 0);
  assert.equal(result.columns[0], 'variable');
  assert.ok(DataType.isUtf8(fieldType(table, 'variable')));
  const valueColumns = result.columns.slice(run.resampled ? 2 : 1);
  assert.ok(valueColumns.length >= 1);
  for (const column of valueColumns) assert.ok(DataType.isFloat(fieldType(table, column)), `${column} is numeric`);
  if (run.resampled) {
    assert.equal(result.columns[1], 'fold');
    const varimpFolds = new Set(columnValues(table, 'fold'));
    assert.ok([...varimpFolds].every((fold) => folds.includes(fold)), 'varimp folds are the resamples');
  }
}

async function checkRoc(client: WireClient, jobId: string, run: Run, classification: boolean, levels: string[], folds: string[]): Promise<void> {
  const slice = await tableSlice(client, jobId, 'roc');
  if (!classification) {
    assertEmptyPointer(slice);
    return;
  }
  const { result, table } = slice;
  assert.ok(table);
  assert.deepEqual(result.columns, ROC_COLUMNS);
  const rows = table.toArray().map((row) => row.toJSON());
  const classes = new Set(rows.map((row) => row.class));
  if (levels.length === 2) assert.equal(classes.size, 1);
  else assert.deepEqual([...classes].sort(), levels);
  const split = run.resampled ? 'test' : 'training';
  const splitRows = rows.filter((row) => row.split === split);
  assert.ok(splitRows.length > 0, `${split} split has ROC rows`);
  const curveFolds = new Set(splitRows.map((row) => row.fold));
  assert.deepEqual([...curveFolds].sort(), ['aggregate', ...folds].sort(), 'one aggregate curve plus one per fold');
  const aucByCurve = new Map<string, number>();
  for (const row of rows) {
    assert.ok(row.fpr >= 0 && row.fpr <= 1 && row.tpr >= 0 && row.tpr <= 1);
    const key = `${row.split}/${row.class}/${row.fold}`;
    if (!aucByCurve.has(key)) aucByCurve.set(key, row.auc);
    assert.equal(row.auc, aucByCurve.get(key), `auc is constant within ${key}`);
    assert.ok(row.auc >= 0 && row.auc <= 1);
  }
}

async function checkSession(client: WireClient, jobId: string): Promise<void> {
  const { result, table } = await tableSlice(client, jobId, 'session');
  assert.ok(table && result.rows > 0);
  assert.deepEqual(result.columns, SESSION_COLUMNS);
  const rows = table.toArray().map((row) => row.toJSON());
  assert.equal(rows[0].kind, 'train', 'the root node of a train run');
  const kinds = [...new Set(rows.map((row) => row.kind as string))];
  assert.deepEqual(Object.keys(result.colors), kinds, 'one colour per kind present, in first-appearance order');
  for (const colour of Object.values(result.colors)) assert.match(colour as string, /^#[0-9A-Fa-f]{6}$/);
  for (const row of rows) {
    assert.ok(row.start >= 0, `start ≥ 0 (${row.label})`);
    assert.ok(row.end >= row.start, `end ≥ start (${row.label})`);
    assert.equal(row.status, 'ok', 'a completed run has only ok nodes');
    assert.equal(row.failed, false);
    assert.equal(typeof row.tip, 'string');
  }
}

function sorted(values: unknown[]): unknown[] {
  return [...values].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
}
