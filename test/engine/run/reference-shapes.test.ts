/**
 * Our results against the shapes of the rtemis reference runs (rtemis-reference/examples):
 * top-level and nested key lists of the summary JSON, and the run record both against the
 * reference record's keys and against the published record schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineResult } from '../../../src/engine/contract.js';
import { columnLength } from '../../../src/engine/result-columns.js';
import { runJob } from '../../../src/engine/run/run-job.js';
import { arrowBytes, column, RecordingIo, referenceJson, rowCount, trainTask, wire as wireJson } from './fixtures.js';
import { checkSchema } from './schema-check.js';

const iris = arrowBytes('iris');
const twoClass = arrowBytes('iris', { rows: (_, value) => value('Species') !== 'setosa' });
const mtcars = arrowBytes('mtcars', { columns: ['cyl', 'disp', 'hp', 'drat', 'wt', 'qsec', 'vs', 'am', 'gear', 'carb', 'mpg'] });

type Json = Record<string, any>;

function wire(value: unknown): Json {
  return wireJson(value) as Json;
}

/** What the `summary` slice keeps of a metrics object: `res_metrics` is removed (protocol §6.8.1). */
function summaryMetrics(metrics: Json): Json {
  const { res_metrics: _perFold, ...rest } = metrics;
  return rest;
}

/** The summary slice as the server derives it from the object (protocol §6.8.1). */
function summaryKeys(result: EngineResult): string[] {
  return Object.keys(wire(result.object));
}

function sameKeys(ours: Json, reference: Json, path: string): void {
  assert.deepEqual(Object.keys(ours), Object.keys(reference), `keys of ${path}`);
}

function checkRecord(result: EngineResult, run: string, schema: string): Json {
  const record = wire(result.record);
  const reference = referenceJson(run, 'record.json') as Json;
  sameKeys(record, reference, `${run} record`);
  sameKeys(record.provenance, reference.provenance, `${run} record.provenance`);
  assert.deepEqual(checkSchema(record, schema), [], `${run} record schema violations`);
  return record;
}

test('single CART on iris: cart_multiclass_single shapes', async () => {
  const result = await runJob(trainTask(iris, { algorithm: 'CART' }), new RecordingIo());
  const reference = referenceJson('cart_multiclass_single', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  sameKeys(object.hyperparameters, reference.hyperparameters, 'hyperparameters');
  sameKeys(object.hyperparameters.hyperparameters, reference.hyperparameters.hyperparameters, 'hyperparameters.hyperparameters');
  assert.deepEqual(object.hyperparameters.tunable_hyperparameters, reference.hyperparameters.tunable_hyperparameters);
  assert.deepEqual(object.hyperparameters.fixed_hyperparameters, reference.hyperparameters.fixed_hyperparameters);
  sameKeys(object.execution_config, reference.execution_config, 'execution_config');
  sameKeys(object.metrics_training, reference.metrics_training, 'metrics_training');
  sameKeys(object.metrics_training.metrics, reference.metrics_training.metrics, 'metrics_training.metrics');
  assert.deepEqual(object.metrics_training.confusion_long.slice(0, 3).map((cell: Json) => [cell.reference, cell.predicted]), [
    ['setosa', 'setosa'],
    ['versicolor', 'setosa'],
    ['virginica', 'setosa'],
  ]);
  sameKeys(object.varimp, { '.class': 0, data: 0 }, 'varimp');
  const record = checkRecord(result, 'cart_multiclass_single', 'supervised/v1/record.json');
  assert.equal(record.folds.length, 1);
  assert.equal(record.dat_training_path, null);
  assert.equal(record.outdir, null);
  assert.equal(record.provenance.outcome, 'completed');
  assert.equal(record.provenance.data_training.n_rows, 150);
  assert.match(JSON.stringify(result.record === null ? null : wire(result.record)), /"dat_training_path":null/);
  const predictions = referenceJson('cart_multiclass_single', 'predictions_cols.json') as Json;
  assert.deepEqual(result.tables.predictions!.columns.map((c) => c.name), predictions.columns);
});

test('tuned CART: cart_binary_tune_single shapes', async () => {
  const result = await runJob(
    trainTask(twoClass, {
      algorithm: 'CART',
      hyperparameters: { maxdepth: { candidates: [1, 3] } },
      tuner_config: { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 3 } } },
    }),
    new RecordingIo(),
  );
  const reference = referenceJson('cart_binary_tune_single', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  sameKeys(object.tuner, reference.tuner, 'tuner');
  sameKeys(object.tuner.tuner_config, reference.tuner.tuner_config, 'tuner.tuner_config');
  sameKeys(object.tuner.tuner_config.config, reference.tuner.tuner_config.config, 'tuner.tuner_config.config');
  sameKeys(object.tuner.tuning_results, reference.tuner.tuning_results, 'tuner.tuning_results');
  sameKeys(object.tuner.tuning_results.validation[0], reference.tuner.tuning_results.validation[0], 'validation row');
  sameKeys(object.metrics_training.metrics.overall[0], reference.metrics_training.metrics.overall[0], 'binary overall row');
  const record = checkRecord(result, 'cart_binary_tune_single', 'supervised/v1/record.json');
  sameKeys(record.folds[0], (referenceJson('cart_binary_tune_single', 'record.json') as Json).folds[0], 'record fold');
  sameKeys(record.tuner_config.config, (referenceJson('cart_binary_tune_single', 'record.json') as Json).tuner_config.config, 'record tuner_config');
});

test('GLM KFold 3: glm_binary_cv shapes', async () => {
  const result = await runJob(
    trainTask(twoClass, { algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n_resamples: 3, seed: 1 } }),
    new RecordingIo(),
  );
  const reference = referenceJson('glm_binary_cv', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  assert.deepEqual(object.hyperparameters, { ...reference.hyperparameters });
  sameKeys(object.outer_resampler, reference.outer_resampler, 'outer_resampler');
  assert.deepEqual(object.outer_resampler.config, reference.outer_resampler.config);
  assert.equal(object.resampler_desc, '3 independent folds');
  sameKeys(summaryMetrics(object.metrics_test), reference.metrics_test, 'metrics_test');
  sameKeys(object.metrics_test.mean_metrics[0], reference.metrics_test.mean_metrics[0], 'mean_metrics row');
  assert.equal(object.metrics_test.confusion_long[0].reference, 'virginica');
  assert.match(object.description, /^Generalized Linear Model was used for classification\. Mean balanced accuracy was \d\.\d\d in the training set and \d\.\d\d in the test set across 3 independent folds\.$/);
  checkRecord(result, 'glm_binary_cv', 'supervised/v1/record.json');
  const varimp = referenceJson('glm_binary_cv', 'varimp_cols.json') as Json;
  assert.deepEqual(result.tables.varimp!.columns.map((c) => c.name), varimp.columns);
  assert.equal(rowCount(result.tables.varimp), 15);
});

test('GLM with centring and scaling: glm_reg_prep_single shapes', async () => {
  const result = await runJob(
    trainTask(mtcars, { algorithm: 'GLM', preprocessor_config: { center: true, scale: true } }),
    new RecordingIo(),
  );
  const reference = referenceJson('glm_reg_prep_single', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  assert.match(object.description, /^Generalized Linear Model was used for regression\. Preprocessing was applied \(centering, scaling\)\. R-squared was 0\.87 on the training set\.$/);
  sameKeys(object.preprocessor.config, reference.preprocessor.config, 'preprocessor.config');
  sameKeys(object.metrics_training, reference.metrics_training, 'metrics_training');
  // Same data and model as the reference: least squares gives the same training fit.
  assert.deepEqual(object.metrics_training.metrics, reference.metrics_training.metrics);
  const record = checkRecord(result, 'glm_reg_prep_single', 'supervised/v1/record.json');
  assert.equal(record.preprocessor_config.origin.center, 'user');
  assert.equal(record.preprocessor_config.origin.one_hot, 'default');
  assert.equal(record.metrics_sd.training, null);
});

test('resampled, tuned, preprocessed: wire_glmnet shapes (with CART)', async () => {
  const { data_handle: _handle, ...params } = referenceJson('.', 'train-params.example.json') as Json;
  const result = await runJob(
    trainTask(twoClass, {
      ...params,
      algorithm: 'CART',
      hyperparameters: { maxdepth: { candidates: [1, 2, 3] }, ifw: false },
    }),
    new RecordingIo(),
  );
  const reference = referenceJson('wire_glmnet', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  sameKeys(object.tuner_config, reference.tuner_config, 'tuner_config');
  sameKeys(object.preprocessor_config, reference.preprocessor_config, 'preprocessor_config');
  assert.equal(object.question, 'Can we tell versicolor from virginica?');
  assert.match(object.description, /Preprocessing was applied \(centering, scaling\)\. Hyperparameter tuning was performed using exhaustive grid search\. Mean balanced accuracy/);
  const record = checkRecord(result, 'wire_glmnet', 'supervised/v1/record.json');
  sameKeys(record.origin, (referenceJson('wire_glmnet', 'record.json') as Json).origin, 'record origin');
  assert.equal(record.origin.positive_class, 'user');
  assert.equal(record.execution_config.seed, 42);
  assert.equal(record.outer_resampling_config.origin.seed, 'user');
  assert.equal(record.folds.length, 3);
  assert.ok(record.metrics_sd.test !== null);
});

test('GLMNET tuned over alpha with lambda by cv.glmnet, KFold 2: glmnet_reg_tune_cv shapes', async () => {
  const result = await runJob(
    trainTask(mtcars, {
      algorithm: 'GLMNET',
      hyperparameters: { alpha: { candidates: [0, 1] } },
      outer_resampling_config: { type: 'KFold', n_resamples: 2, seed: 1 },
    }),
    new RecordingIo(),
  );
  const reference = referenceJson('glmnet_reg_tune_cv', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  assert.deepEqual(object.hyperparameters, reference.hyperparameters);
  assert.deepEqual(object.tuner_config, reference.tuner_config);
  assert.match(object.description, /^Elastic Net was used for regression\. Hyperparameter tuning was performed using exhaustive grid search\. Mean R-squared was \d\.\d\d on the training set and \d\.\d\d on the test set across 2 independent folds\.$/);
  const record = checkRecord(result, 'glmnet_reg_tune_cv', 'supervised/v1/record.json');
  const referenceRecord = referenceJson('glmnet_reg_tune_cv', 'record.json') as Json;
  sameKeys(record.hyperparameters.hyperparameters, referenceRecord.hyperparameters.hyperparameters, 'record hyperparameters');
  assert.deepEqual(record.hyperparameters.hyperparameters.origin, referenceRecord.hyperparameters.hyperparameters.origin);
  for (const [k, fold] of (record.folds as Json[]).entries()) {
    const theirs = referenceRecord.folds[k];
    sameKeys(fold, theirs, `record fold ${k + 1}`);
    sameKeys(fold.hyperparameters.hyperparameters, theirs.hyperparameters.hyperparameters, 'fold hyperparameters');
    assert.deepEqual(fold.hyperparameters.hyperparameters.origin, theirs.hyperparameters.hyperparameters.origin);
    assert.deepEqual(fold.hyperparameters.hyperparameters.penalty_factor, theirs.hyperparameters.hyperparameters.penalty_factor);
    sameKeys(fold.tuning, theirs.tuning, 'fold tuning');
    sameKeys(fold.tuning.param_grid[0], theirs.tuning.param_grid[0], 'param_grid row');
    sameKeys(fold.tuning.best, theirs.tuning.best, 'best');
    // The refit uses the winning combination's lambda: cv.glmnet's lambda.1se averaged over the inner folds.
    const winner = fold.tuning.param_grid.find((row: Json) => row.alpha === fold.tuning.best.alpha);
    assert.deepEqual(fold.hyperparameters.hyperparameters.lambda, [winner.lambda]);
    assert.equal(fold.tuning.best.lambda, winner.lambda);
    assert.ok(winner.lambda > 0);
  }
  const varimp = referenceJson('glmnet_reg_tune_cv', 'varimp_cols.json') as Json;
  assert.deepEqual(result.tables.varimp!.columns.map((c) => c.name), varimp.columns);
  assert.equal(columnLength(result.tables.varimp!.columns[0]!), varimp.rows);
  const predictions = referenceJson('glmnet_reg_tune_cv', 'predictions_cols.json') as Json;
  assert.deepEqual(result.tables.predictions!.columns.map((c) => c.name), predictions.columns);
  assert.equal(columnLength(result.tables.predictions!.columns[0]!), predictions.rows);
});

test('the reference wire request itself (GLMNET, StratSub 3, tuned): wire_glmnet shapes', async () => {
  const { data_handle: _handle, ...params } = referenceJson('.', 'train-params.example.json') as Json;
  const result = await runJob(trainTask(twoClass, params), new RecordingIo());
  const reference = referenceJson('wire_glmnet', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  assert.deepEqual(object.hyperparameters, reference.hyperparameters);
  assert.deepEqual(object.tuner_config, reference.tuner_config);
  assert.match(object.description, /^Elastic Net was used for classification\. Preprocessing was applied \(centering, scaling\)\. Hyperparameter tuning was performed using exhaustive grid search\. Mean balanced accuracy was \d\.\d\d in the training set and \d\.\d\d in the test set across 3 stratified subsamples\.$/);
  const record = checkRecord(result, 'wire_glmnet', 'supervised/v1/record.json');
  const referenceFold = (referenceJson('wire_glmnet', 'record.json') as Json).folds[0];
  sameKeys(record.folds[0], referenceFold, 'record fold');
  assert.deepEqual(record.folds[0].hyperparameters.hyperparameters.origin, referenceFold.hyperparameters.hyperparameters.origin);
  for (const file of ['varimp_cols.json', 'predictions_cols.json', 'roc_cols.json']) {
    const slice = file.replace('_cols.json', '') as 'varimp' | 'predictions' | 'roc';
    const columns = (referenceJson('wire_glmnet', file) as Json).columns;
    assert.deepEqual(result.tables[slice]!.columns.map((c) => c.name), columns, slice);
  }
  assert.equal(columnLength(result.tables.varimp!.columns[0]!), 12);
  assert.equal(columnLength(result.tables.predictions!.columns[0]!), 300);
});

test('PCA decomposition inside train: ranger_multiclass_cv_decomp shapes', async () => {
  const result = await runJob(
    trainTask(iris, {
      algorithm: 'Ranger',
      // rtemis resolves sample_fraction at setup (1 with replacement); the config builder keeps null.
      hyperparameters: { num_trees: 20, sample_fraction: 1 },
      decomposition_config: { algorithm: 'PCA', config: { k: 2 } },
      outer_resampling_config: { type: 'StratSub', n_resamples: 2 },
    }),
    new RecordingIo(),
  );
  const reference = referenceJson('ranger_multiclass_cv_decomp', 'summary.json') as Json;
  const object = wire(result.object);
  assert.deepEqual(summaryKeys(result), Object.keys(reference));
  assert.deepEqual(object.xnames, ['PC1', 'PC2']);
  assert.match(object.description, /Decomposition was performed using PCA, reducing 4 numeric features to 2 components\./);
  checkRecord(result, 'ranger_multiclass_cv_decomp', 'supervised/v1/record.json');
  const labels = column(result.tables.session, 'label').values as string[];
  assert.ok(labels.includes('    decompose PCA'));
});

test('every algorithm writes a run record valid against the supervised record schema', async () => {
  const settings: Record<string, Record<string, unknown>> = {
    GLM: {},
    GLMNET: {},
    CART: {},
    // rtemis resolves sample_fraction at setup (1 with replacement); the config builder keeps null.
    Ranger: { num_trees: 10, sample_fraction: 1 },
    LightGBM: { max_nrounds: 30 },
    LightRF: { nrounds: 10 },
    LightCART: {},
  };
  for (const [algorithm, hyperparameters] of Object.entries(settings)) {
    const result = await runJob(
      trainTask(twoClass, { algorithm, hyperparameters, outer_resampling_config: { type: 'KFold', n_resamples: 2 } }),
      new RecordingIo(),
    );
    assert.deepEqual(checkSchema(wire(result.record), 'supervised/v1/record.json'), [], algorithm);
  }
});
