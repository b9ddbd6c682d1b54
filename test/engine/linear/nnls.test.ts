import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FitContext } from '../../../src/engine/learner.js';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import { inverseFrequencyWeights } from '../../../src/engine/data/ifw.js';
import { nnls } from '../../../src/engine/linear/lawson-hanson.js';
import { nnlsLearner } from '../../../src/engine/linear/nnls-learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { R_LINMETA_DIR } from '../../support/fixture-paths.js';
import { loadDataset } from '../data/fixtures.js';

const reference = JSON.parse(readFileSync(path.join(R_LINMETA_DIR, 'reference.json'), 'utf8'));
const context: FitContext = { random: createRandom(1), checkpoint: async () => {} };
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function assertCoefficients(actual: Float64Array, expected: number[], label: string): void {
  assert.equal(actual.length, expected.length);
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((value, j) => {
    const tolerance = 1e-6 * Math.max(scale, 1e-12);
    assert.ok(Math.abs(actual[j]! - value) <= tolerance, `${label} #${j}: ${actual[j]} vs R ${value}`);
    if (value === 0) assert.equal(actual[j], 0, `${label} #${j} is exactly 0 where R's is`);
  });
}

for (const [key, dataset, ifw] of [
  ['nnls_boston', 'boston', false],
  ['nnls_diabetes', 'diabetes', false],
  ['nnls_breast_cancer', 'breast_cancer', false],
  ['nnls_breast_cancer_ifw', 'breast_cancer', true],
] as const) {
  test(`NNLS on ${dataset}${ifw ? ' with inverse frequency weights' : ''}: coefficients and normalised coefficients equal R nnls`, async () => {
    const data = toSupervised(loadDataset(dataset));
    const training = toTrainingData(data, allRows(data.outcome.length));
    if (ifw) training.weights = inverseFrequencyWeights(training.y, data.classes!.length);
    const expected = reference[key];
    assert.deepEqual(training.featureNames, expected.features);
    for (const normalize of [false, true]) {
      const model = await nnlsLearner.fit(training, { normalize, ifw }, context);
      const varimp = model.varimp()!;
      assert.deepEqual(varimp.variables, expected.features);
      assert.deepEqual(varimp.measures.map((measure) => measure.name), ['coefficient']);
      assertCoefficients(varimp.measures[0]!.values, normalize ? expected.normalized : expected.coefficients, `${key} normalize=${normalize}`);
    }
  });
}

test('NNLS binary classification predicts the clamped fit as the positive-class probability', async () => {
  const data = toSupervised(loadDataset('breast_cancer'));
  const training = toTrainingData(data, allRows(data.outcome.length));
  const model = await nnlsLearner.fit(training, { normalize: false, ifw: false }, context);
  const coefficients = model.varimp()!.measures[0]!.values;
  const prediction = model.predict(training.x);
  const positive = prediction.probabilities![1]!;
  for (let i = 0; i < training.y.length; i++) {
    let fit = 0;
    training.x.forEach((column, j) => (fit += coefficients[j]! * column[i]!));
    assert.ok(Math.abs(positive[i]! - Math.min(1, Math.max(0, fit))) < 1e-12);
    assert.ok(Math.abs(prediction.probabilities![0]![i]! + positive[i]! - 1) < 1e-12);
    assert.equal(prediction.values[i], positive[i]! >= 0.5 ? 1 : 0);
  }
});

test('NNLS refuses multiclass outcomes, factor features and missing values with rtemis messages', async () => {
  const iris = toSupervised(loadDataset('iris'));
  await assert.rejects(nnlsLearner.fit(toTrainingData(iris, allRows(150)), { normalize: true, ifw: false }, context), {
    message: 'NNLS does not support multiclass classification.',
  });
  const penguins = toSupervised(loadDataset('penguins'));
  await assert.rejects(nnlsLearner.fit(toTrainingData(penguins, allRows(penguins.outcome.length)), { normalize: true, ifw: false }, context), {
    message: 'NNLS requires numeric predictors; these are not: island, sex.',
  });
  const airquality = toSupervised(loadDataset('airquality'));
  await assert.rejects(nnlsLearner.fit(toTrainingData(airquality, allRows(airquality.outcome.length)), { normalize: true, ifw: false }, context), /missing values/);
});

test('Lawson–Hanson: the KKT conditions hold (x ≥ 0, gradient ≤ 0 on the zeros, = 0 on the positives) on collinear columns', () => {
  const random = createRandom(5);
  const n = 200;
  const base = Float64Array.from({ length: n }, () => random());
  // Three nearly identical columns (a stacked ensemble's level one) and one anti-correlated column.
  const columns = [0.001, 0.002, 0.003].map((noise) => base.map((value) => value + noise * (random() - 0.5)));
  columns.push(base.map((value) => 1 - value));
  const b = base.map((value) => 2 * value + 0.01 * (random() - 0.5));
  const { coefficients } = nnls(columns, b);
  const residual = b.map((value, i) => value - columns.reduce((sum, column, j) => sum + coefficients[j]! * column[i]!, 0));
  columns.forEach((column, j) => {
    const gradient = column.reduce((sum, value, i) => sum + value * residual[i]!, 0);
    assert.ok(coefficients[j]! >= 0);
    if (coefficients[j]! > 0) assert.ok(Math.abs(gradient) < 1e-8, `column ${j}: gradient ${gradient}`);
    else assert.ok(gradient <= 1e-8, `column ${j}: gradient ${gradient}`);
  });
  assert.equal(coefficients[3], 0, 'the anti-correlated column stays out');
});
