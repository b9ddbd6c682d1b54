import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import { isoreg, isotonicPredict } from '../../../src/engine/linear/isoreg.js';
import { isotonicLearner } from '../../../src/engine/linear/isotonic-learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { R_LINMETA_DIR } from '../../support/fixture-paths.js';
import { loadDataset } from '../data/fixtures.js';

const reference = JSON.parse(readFileSync(path.join(R_LINMETA_DIR, 'reference.json'), 'utf8'));
const context: FitContext = { random: createRandom(1), checkpoint: async () => {} };
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function column(dataset: string, name: string): Float64Array {
  return loadDataset(dataset).columns.find((c) => c.name === name)!.values;
}

function assertClose(actual: ArrayLike<number>, expected: number[], label: string): void {
  assert.equal(actual.length, expected.length);
  expected.forEach((value, i) => assert.ok(Math.abs(actual[i]! - value) <= 1e-10 * Math.max(1, Math.abs(value)), `${label} #${i}: ${actual[i]} vs R ${value}`));
}

test('isoreg + as.stepfun: fitted and predicted values equal R on boston rm → medv (ties included) and mtcars hp → −mpg', () => {
  for (const [key, x, y] of [
    ['isoreg_boston_rm', column('boston', 'rm'), column('boston', 'medv')],
    ['isoreg_mtcars_hp', column('mtcars', 'hp'), column('mtcars', 'mpg').map((v) => -v)],
  ] as const) {
    const fit = isoreg(x, y);
    assert.ok(fit.values.every((value, b) => b === 0 || value >= fit.values[b - 1]!), 'non-decreasing');
    assertClose(isotonicPredict(fit, x), reference[key].fitted_training, `${key} training`);
    assertClose(isotonicPredict(fit, reference[key].at), reference[key].predicted, `${key} new x`);
  }
});

test('Isotonic binary classification: the positive-class probability is the bounded isoreg fit (R), classes at 0.5', async () => {
  const data = toSupervised(loadDataset('breast_cancer'));
  const radius = data.features.findIndex((feature) => feature.name === 'mean radius');
  const training: TrainingData = { ...toTrainingData(data, allRows(data.outcome.length)) };
  training.x = [training.x[radius]!];
  training.featureNames = ['mean radius'];
  training.featureLevels = [null];
  const model = await isotonicLearner.fit(training, { ifw: false }, context);
  const expected = reference.isoreg_breast_cancer_radius;
  const atTraining = model.predict(training.x);
  assertClose(atTraining.probabilities![1]!, expected.fitted_training, 'training');
  const atNew = model.predict([Float64Array.from(expected.at)]);
  assertClose(atNew.probabilities![1]!, expected.predicted, 'new x');
  atNew.values.forEach((value, i) => assert.equal(value, atNew.probabilities![1]![i]! >= 0.5 ? 1 : 0));
  assert.ok(Math.min(...atTraining.probabilities![1]!) > 0 && Math.max(...atTraining.probabilities![1]!) < 1, 'kept off 0 and 1');
  assert.equal(model.varimp(), null);
});

test('Isotonic refuses several predictors, weights and multiclass outcomes with rtemis messages', async () => {
  const boston = toSupervised(loadDataset('boston'));
  const all = toTrainingData(boston, allRows(boston.outcome.length));
  await assert.rejects(isotonicLearner.fit(all, { ifw: false }, context), { message: 'Isotonic requires a single predictor.' });
  const one = { ...all, x: [all.x[5]!], featureNames: ['rm'], featureLevels: [null] };
  await assert.rejects(isotonicLearner.fit({ ...one, weights: new Float64Array(one.y.length).fill(1) }, { ifw: false }, context), {
    message: 'Isotonic does not support weights.',
  });
  const iris = toSupervised(loadDataset('iris'));
  const irisData = toTrainingData(iris, allRows(150));
  await assert.rejects(isotonicLearner.fit({ ...irisData, x: [irisData.x[0]!], featureNames: ['Sepal.Length'], featureLevels: [null] }, { ifw: false }, context), {
    message: 'Isotonic does not support multiclass classification.',
  });
});
