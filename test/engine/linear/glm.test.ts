import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { selectRows } from '../../../src/engine/data/dataset.js';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import { designMatrix } from '../../../src/engine/linear/design.js';
import { glmLearner } from '../../../src/engine/linear/glm.js';
import { classificationMetrics } from '../../../src/engine/metrics/classification.js';
import { regressionMetrics } from '../../../src/engine/metrics/regression.js';
import { fitPreprocessor } from '../../../src/engine/preprocess/preprocessor.js';
import { createRandom } from '../../../src/engine/random.js';
import { preprocessorConfig } from '../preprocess/default-config.js';
import { loadDataset, readReferenceCsv, readReferenceJson, subsetRows, withOutcome } from '../data/fixtures.js';

const context: FitContext = { random: createRandom(1), checkpoint: async () => {} };
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const close = (actual: number, expected: number, tolerance: number, label = '') =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label} ${actual} vs ${expected}`);

test('GLM regression on mtcars (mpg last, centre + scale) matches the reference training metrics and coefficients', async () => {
  const data = toSupervised(withOutcome(loadDataset('mtcars'), 'mpg'));
  const rows = allRows(data.outcome.length);
  const { transformed } = fitPreprocessor(preprocessorConfig({ center: true, scale: true }), data.features);
  const model = await glmLearner.fit(toTrainingData(data, rows, transformed), { ifw: false }, context);
  const prediction = model.predict(transformed.map((column) => column.values));
  const metrics = regressionMetrics({ actual: data.outcome, predicted: prediction.values, sample: 'Training' });
  const reference = readReferenceJson('glm_reg_prep_single', 'summary.json').metrics_training.metrics[0];
  for (const key of ['mae', 'mse', 'rmse', 'rsq']) close(metrics.overall[key]!, reference[key], 6e-5, key);

  const varimp = model.varimp()!;
  const coefficients = readReferenceCsv('glm_reg_prep_single', 'varimp_head.csv');
  assert.deepEqual(coefficients.header.slice(1), ['variable', varimp.measures[0]!.name]);
  assert.deepEqual(varimp.variables, coefficients.rows.map((row) => row[1]));
  coefficients.rows.forEach((row, j) => close(varimp.measures[0]!.values[j]!, Number(row[2]), 1e-8, row[1]));
});

test('GLM logistic regression reproduces the reference 3-fold run (glm_binary_cv) from its own folds', async () => {
  const iris = loadDataset('iris');
  const twoClass = subsetRows(iris, Array.from({ length: 100 }, (_, i) => i + 50));
  const data = toSupervised(twoClass);
  assert.deepEqual(data.classes, ['versicolor', 'virginica']);
  const summary = readReferenceJson('glm_binary_cv', 'summary.json');
  const slice = readReferenceJson('glm_binary_cv', 'metrics_slice.json');
  const coefficients = readReferenceCsv('glm_binary_cv', 'varimp_head.csv').rows;
  for (const [name, oneBased] of Object.entries<number[]>(summary.outer_resampler.resamples)) {
    const train = Int32Array.from(oneBased, (row) => row - 1);
    const test = allRows(100).filter((row) => !oneBased.includes(row + 1));
    const model = await glmLearner.fit(toTrainingData(data, train), { ifw: false }, context);
    // Coefficients, even on the separable folds where IRLS stops at R's clamped limits.
    const varimp = model.varimp()!;
    for (const [, variable, fold, value] of coefficients.filter((row) => row[2] === name)) {
      const j = varimp.variables.indexOf(variable!);
      close(varimp.measures[0]!.values[j]!, Number(value), 1e-6 * Math.abs(Number(value)), `${fold} ${variable}`);
    }
    const testX = data.features.map((column) => selectRows(column, test).values);
    const prediction = model.predict(testX);
    const metrics = classificationMetrics({
      actual: Float64Array.from(test, (row) => data.outcome[row]!),
      predicted: prediction.values,
      probabilities: prediction.probabilities,
      classes: data.classes!,
      sample: 'Test',
    });
    const reference = slice.test.res_metrics[name].metrics.overall[0];
    for (const key of ['sensitivity', 'specificity', 'accuracy', 'auc']) close(metrics.overall[key]!, reference[key], 6e-5, `${name} ${key}`);
    close(metrics.overall.brier_score!, reference.brier_score, 1e-3, `${name} brier`);
  }
});

test('logistic fit is the maximum-likelihood solution: the score equations vanish', async () => {
  const data = toSupervised(loadDataset('breast_cancer'));
  // Five features keep the problem well-posed (the full set separates the classes).
  const pick = ['mean radius', 'mean texture', 'mean smoothness', 'mean concavity', 'mean symmetry'];
  const features = data.features.filter((column) => pick.includes(column.name));
  const rows = allRows(data.outcome.length);
  const training = toTrainingData(data, rows, features);
  const model = await glmLearner.fit(training, { ifw: false }, context);
  const p = model.predict(training.x).probabilities![1]!;
  const design = designMatrix(training.x, training, true);
  design.columns.forEach((column, j) => {
    let score = 0;
    let scale = 0;
    for (let i = 0; i < rows.length; i++) {
      score += column[i]! * (training.y[i]! - p[i]!);
      scale += Math.abs(column[i]!);
    }
    assert.ok(Math.abs(score) / scale < 1e-8, `${design.names[j]}: ${score}`);
  });
  assert.ok(model.predict(training.x).values.every((value, i) => value === (p[i]! >= 0.5 ? 1 : 0)));
});

test('integer case weights equal repeated cases', async () => {
  const data = toSupervised(withOutcome(loadDataset('mtcars'), 'mpg'));
  const n = data.outcome.length;
  const weights = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
  const weighted: TrainingData = { ...toTrainingData(data, allRows(n)), weights };
  const repeatedRows = Int32Array.from([...allRows(n)].flatMap((row) => Array<number>(1 + (row % 3)).fill(row)));
  const a = (await glmLearner.fit(weighted, { ifw: false }, context)).varimp()!.measures[0]!.values;
  const b = (await glmLearner.fit(toTrainingData(data, repeatedRows), { ifw: false }, context)).varimp()!.measures[0]!.values;
  a.forEach((value, j) => close(value, b[j]!, 1e-8 * Math.max(1, Math.abs(value))));
});

test('factors are dummy-coded (first level dropped); collinear columns get NA coefficients, as in R', async () => {
  const penguins = loadDataset('penguins');
  // Body mass from island + flipper length, on complete rows.
  const dataset = withOutcome(penguins, 'body_mass_g');
  const data = toSupervised(dataset);
  const keep = ['island', 'flipper_length_mm'];
  const complete = allRows(data.outcome.length).filter((row) =>
    data.features.filter((column) => keep.includes(column.name)).every((column) => !Number.isNaN(column.values[row]!)),
  );
  const features = data.features.filter((column) => keep.includes(column.name)).map((column) => selectRows(column, complete));
  const twin = { ...features[1]!, name: 'flipper_copy' };
  const model = await glmLearner.fit(toTrainingData(data, complete, [...features, twin]), { ifw: false }, context);
  const varimp = model.varimp()!;
  assert.deepEqual(varimp.variables, ['(Intercept)', 'islandDream', 'islandTorgersen', 'flipper_length_mm', 'flipper_copy']);
  assert.ok(Number.isNaN(varimp.measures[0]!.values[4]!));
  const without = await glmLearner.fit(toTrainingData(data, complete, features), { ifw: false }, context);
  const x = [...features, twin].map((column) => column.values);
  const a = model.predict(x).values;
  const b = without.predict(x.slice(0, 2)).values;
  a.forEach((value, i) => close(value, b[i]!, 1e-8));
});

test('an aliased column between others gets NA and leaves every other coefficient as without it', async () => {
  const cases = [
    { data: toSupervised(loadDataset('breast_cancer')), pick: ['mean radius', 'mean texture', 'mean smoothness', 'mean symmetry'] },
    { data: toSupervised(withOutcome(loadDataset('mtcars'), 'mpg')), pick: ['wt', 'hp', 'qsec', 'drat'] },
  ];
  for (const { data, pick } of cases) {
    const features = pick.map((name) => data.features.find((column) => column.name === name)!);
    // A rescaled copy of the second feature, placed before the last two.
    const copy = { ...features[1]!, name: 'copy', values: features[1]!.values.map((value) => 3 * value) };
    const rows = allRows(data.outcome.length);
    const aliased = [features[0]!, features[1]!, copy, features[2]!, features[3]!];
    const withCopy = (await glmLearner.fit(toTrainingData(data, rows, aliased), { ifw: false }, context)).varimp()!;
    const without = (await glmLearner.fit(toTrainingData(data, rows, features), { ifw: false }, context)).varimp()!;
    const values = withCopy.measures[0]!.values;
    assert.ok(Number.isNaN(values[3]!), `${pick[1]} copy: ${values[3]}`);
    const kept = [...values.slice(0, 3), ...values.slice(4)];
    kept.forEach((value, j) => close(value, without.measures[0]!.values[j]!, 1e-8 * Math.max(1, Math.abs(value)), without.variables[j]));
  }
});

test('GLM refuses more than two classes and missing values', async () => {
  const iris = toSupervised(loadDataset('iris'));
  await assert.rejects(glmLearner.fit(toTrainingData(iris, allRows(150)), { ifw: false }, context), /multiclass/);
  const air = toSupervised(loadDataset('airquality'));
  await assert.rejects(glmLearner.fit(toTrainingData(air, allRows(air.outcome.length)), { ifw: false }, context), /missing values/);
});
