/**
 * GLMNET over the wire on the shared datasets: regression, binary and multiclass, single fit
 * and 5-fold KFold, at rtemis's defaults — `lambda` null, so every fit is tuned (inner KFold,
 * cv.glmnet in each grid cell, the mean lambda refitted) — with every slice decoded; a given
 * lambda (no tuning); the options rtemislive refuses answered `invalid_params`; a
 * `penalty_factor` of the wrong length failing the job with a clear message.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataType } from 'apache-arrow';
import { startServer, type RunningServer } from '../support/test-server.js';
import {
  assertEmptyPointer,
  attachedClient,
  columnValues,
  datasetOutcome,
  fieldType,
  finish,
  resolution,
  runToCompletion,
  tableSlice,
  uploadDataset,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

interface Case {
  dataset: string;
  task: 'regression' | 'binary' | 'multiclass';
  /** Design-matrix columns (features; factors would add dummies). */
  variables: number;
  /** Smallest acceptable mean test (or training) score: R² or balanced accuracy. */
  floor: number;
}

const CASES: Case[] = [
  { dataset: 'boston', task: 'regression', variables: 13, floor: 0.6 },
  { dataset: 'breast_cancer', task: 'binary', variables: 30, floor: 0.9 },
  { dataset: 'wine', task: 'multiclass', variables: 13, floor: 0.9 },
];
const FOLDS = 5;
const INNER_KFOLD3 = { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 3 } } };

for (const c of CASES) {
  for (const resampled of [false, true]) {
    test(`GLMNET ${c.task} on ${c.dataset}, ${resampled ? '5-fold KFold' : 'single fit'}: lambda tuned by cv.glmnet, every slice`, async () => {
      const client = await attachedClient(running, `glmnet-${c.dataset}`);
      const handle = await uploadDataset(client, c.dataset);
      const jobId = await runToCompletion(client, 'train', {
        data_handle: handle,
        algorithm: 'GLMNET',
        // Resampled: 5 outer folds, each tuned on 3 inner folds (not the default 5), to keep the test short.
        ...(resampled ? { outer_resampling_config: { type: 'KFold', n_resamples: FOLDS }, tuner_config: INNER_KFOLD3 } : {}),
      });
      const summary = await client.call('job.result', { job_id: jobId });
      const classification = c.task !== 'regression';
      assert.equal(summary['.class'], `${classification ? 'Classification' : 'Regression'}${resampled ? 'Res' : ''}`);
      assert.equal(summary.algorithm, 'GLMNET');
      assert.match(summary.description, /^Elastic Net was used for (classification|regression)\. Hyperparameter tuning was performed using exhaustive grid search\./);
      const hyperparameters = summary.hyperparameters;
      assert.equal(hyperparameters['.class'], 'GLMNETHyperparameters');
      assert.deepEqual(hyperparameters.tunable_hyperparameters, ['alpha', 'ifw']);
      assert.equal(hyperparameters['lambda.min'], null);
      assert.equal(hyperparameters['lambda.1se'], null);
      const score = (metrics: any) => (classification ? metrics.overall?.[0]?.balanced_accuracy ?? metrics[0]?.balanced_accuracy : metrics[0]?.rsq);
      if (resampled) {
        assert.equal(hyperparameters.tuned, 0);
        assert.equal(hyperparameters.lambda, null);
        assert.equal(summary.tuner_config['.class'], 'GridSearchConfig');
        assert.equal(summary.tuner_config.metric, null, 'as given: the tuner metric was left to the task');
        assert.ok(score(summary.metrics_test.mean_metrics) >= c.floor, `mean test score ${JSON.stringify(summary.metrics_test.mean_metrics)}`);
      } else {
        assert.equal(hyperparameters.tuned, 1);
        assert.ok(hyperparameters.lambda > 0, 'the refit lambda is filled in');
        assert.deepEqual(hyperparameters.penalty_factor, Array(c.variables).fill(1), 'penalty_factor resolved to all 1');
        const grid = summary.tuner.tuning_results.param_grid;
        assert.deepEqual(Object.keys(grid[0]), ['param_combo_id', 'lambda']);
        assert.equal(summary.tuner.best_hyperparameters.lambda, hyperparameters.lambda);
        assert.equal(grid[0].lambda, hyperparameters.lambda);
        assert.ok(score(summary.metrics_training.metrics) >= c.floor);
      }

      const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
      assert.equal(record.folds.length, resampled ? FOLDS : 1);
      for (const fold of record.folds) {
        const values = fold.hyperparameters.hyperparameters;
        assert.equal(values.origin.lambda, 'tuned');
        assert.equal(values.origin.penalty_factor, 'derived');
        assert.equal(values.lambda.length, 1);
        assert.equal(fold.tuning.best.lambda, values.lambda[0]);
      }

      const outcome = datasetOutcome(c.dataset);
      const levels = classification ? [...new Set(outcome.values as string[])].sort() : [];
      const predictions = await tableSlice(client, jobId, 'predictions');
      const probabilityColumns = !classification || resampled ? [] : c.task === 'binary' ? [`prob_${levels[1]}`] : levels.map((level) => `prob_${level}`);
      assert.deepEqual(predictions.result.columns, [...(resampled ? ['split', 'fold'] : ['split']), 'actual', 'predicted', ...probabilityColumns]);
      assert.equal(predictions.result.rows, outcome.rows * (resampled ? FOLDS : 1));
      const predicted = columnValues(predictions.table!, 'predicted');
      if (classification) assert.ok(predicted.every((value: string) => levels.includes(value)));
      else assert.ok(predicted.every(Number.isFinite));
      for (const column of probabilityColumns) assert.ok(columnValues(predictions.table!, column).every((p: number) => p >= 0 && p <= 1));

      const varimp = await tableSlice(client, jobId, 'varimp');
      if (c.task === 'multiclass') {
        // rtemis reports no coefficients for multinomial models.
        assertEmptyPointer(varimp);
        assert.equal(summary.varimp ?? summary.varimp_per_resample, undefined);
      } else {
        assert.deepEqual(varimp.result.columns, resampled ? ['variable', 'fold', 'Coefficient'] : ['variable', 'Coefficient']);
        assert.equal(varimp.result.rows, c.variables * (resampled ? FOLDS : 1));
        assert.ok(DataType.isFloat(fieldType(varimp.table!, 'Coefficient')));
        assert.ok(columnValues(varimp.table!, 'Coefficient').some((value: number) => value !== 0), 'some coefficients are nonzero');
      }

      const roc = await tableSlice(client, jobId, 'roc');
      if (!classification) assertEmptyPointer(roc);
      else {
        const classes = new Set(columnValues(roc.table!, 'class'));
        assert.deepEqual([...classes].sort(), c.task === 'binary' ? [levels[1]] : levels);
      }
      const session = await tableSlice(client, jobId, 'session');
      const kinds = new Set(columnValues(session.table!, 'kind'));
      for (const kind of ['train', 'tune', 'grid_cell', 'train_alg', 'predict', 'metrics']) assert.ok(kinds.has(kind), kind);
      await finish(client);
    });
  }
}

test('GLMNET with lambda given fits glmnet at that lambda: no tuning', async () => {
  const client = await attachedClient(running, 'glmnet-lambda');
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'GLMNET', hyperparameters: { lambda: 0.01, alpha: 0.5 } });
  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary.hyperparameters.tuned, -1);
  assert.equal(summary.hyperparameters.lambda, 0.01);
  assert.equal(summary.tuner, undefined);
  assert.ok(summary.metrics_training.metrics.overall[0].balanced_accuracy > 0.95);
  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.tuner_config, null);
  assert.equal(record.folds[0].hyperparameters.hyperparameters.origin.lambda, 'user');
  await finish(client);
});

test('GLMNET options rtemislive does not implement, and invalid values, are refused at submission', async () => {
  const client = await attachedClient(running, 'glmnet-refused');
  const handle = await uploadDataset(client, 'breast_cancer');
  const refused = async (extra: Record<string, unknown>, message: RegExp) => {
    const error = await client.error('train', { data_handle: handle, algorithm: 'GLMNET', ...extra });
    assert.equal(error.code, 'invalid_params');
    assert.match(error.message, message);
  };
  await refused({ hyperparameters: { family: 'binomial' } }, /GLMNET hyperparameter `family` = "binomial" is not supported by rtemislive; supported: null/);
  await refused({ hyperparameters: { family: 'poisson' } }, /`family` = "poisson" is not supported/);
  await refused({ hyperparameters: { offset: [0.5, 0.5] } }, /`offset` = 0.5 is not supported by rtemislive; supported: null/);
  await refused({ hyperparameters: { lambda: { candidates: [0.1, 0.01] } } }, /`lambda` is not tunable/);
  await refused({ hyperparameters: { alpha: 1.5 } }, /`alpha` must be a number ≥ 0 and ≤ 1; got 1.5/);
  await refused({ hyperparameters: { nlambda: 0 } }, /`nlambda` must be an integer ≥ 1/);
  await refused({ hyperparameters: { lambda: -0.1 } }, /`lambda` elements must each be a number ≥ 0/);
  await refused({ hyperparameters: { penalty_factor: [1, -1] } }, /`penalty_factor` elements must each be a number ≥ 0/);
  await refused({ hyperparameters: { which_lambda_cv: 'lambda.max' } }, /`which_lambda_cv` must be one of `lambda.1se`, `lambda.min`/);
  await refused({ hyperparameters: { standardize: 'yes' } }, /`standardize` must be true or false/);
  // ifw is on by default for GLMNET, and cannot be combined with a weights column on a classification outcome.
  await refused({ weights: 'mean radius' }, /cannot be combined with `ifw: true`/);
  await finish(client);
});

test('GLMNET: a weights column with the default ifw is fine for regression; a wrong-length penalty_factor fails the job clearly', async () => {
  const client = await attachedClient(running, 'glmnet-weights');
  const handle = await uploadDataset(client, 'boston');
  await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'GLMNET', weights: 'tax', hyperparameters: { lambda: 0.1 } });
  const { job_id: jobId } = await client.call('train', { data_handle: handle, algorithm: 'GLMNET', hyperparameters: { penalty_factor: [1, 2] } });
  const { event, data } = await resolution(client, jobId);
  assert.equal(event, 'job.failed');
  // The grid cells (cv.glmnet, lambda being null) fail, and the job says why.
  assert.match(data.error.message, /^Tuning failed: .* The first grid cell to fail said: GLMNET: penalty_factor must have one value per design-matrix column: expected length 13, got 2\.$/);
  await finish(client);
});
