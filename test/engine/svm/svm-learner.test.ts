import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { fitScaling } from '../../../src/engine/svm/e1071-design.js';
import { linearSvmLearner, radialSvmLearner } from '../../../src/engine/svm/svm-learner.js';
import { completeDataset, referenceCases } from './e1071-reference.js';

const context = (seed: number): FitContext => ({ random: createRandom(seed), checkpoint: async () => {} });

function fit(data: TrainingData, kernel: 'linear' | 'radial', cost: number, gamma: number, seed = 1) {
  return kernel === 'linear'
    ? linearSvmLearner.fit(data, { cost, ifw: false }, context(seed))
    : radialSvmLearner.fit(data, { cost, gamma, ifw: false }, context(seed));
}

for (const reference of referenceCases().filter((c) => !c.ifw)) {
  test(`${reference.id}: the learner's predictions agree with e1071's`, async () => {
    const data = completeDataset(reference.dataset);
    const model = await fit(data, reference.kernel, reference.cost, reference.gamma);
    const prediction = model.predict(data.x);
    if (reference.task === 'regression') {
      assert.equal(prediction.probabilities, null);
      const spread = Math.max(...reference.fitted!) - Math.min(...reference.fitted!);
      prediction.values.forEach((value, i) => assert.ok(Math.abs(value - reference.fitted![i]!) <= 1e-3 * spread, `row ${i}`));
      return;
    }
    // Classes come from the Platt probabilities (rtemis's rule), e1071's from one-vs-one votes.
    const classes = data.classes!;
    const agreeing = prediction.values.filter((code, i) => classes[code] === reference.predicted![i]).length;
    assert.ok(agreeing / data.y.length >= 0.99, `${agreeing} of ${data.y.length} labels agree`);
    const probabilities = prediction.probabilities!;
    assert.equal(probabilities.length, classes.length);
    for (let i = 0; i < data.y.length; i++) {
      const sum = probabilities.reduce((total, column) => total + column[i]!, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `row ${i} sums to ${sum}`);
    }
  });
}

test('probabilities depend only on the seed of the run', async () => {
  const data = completeDataset('iris');
  const [a, b, c] = await Promise.all([fit(data, 'radial', 1, 0.01, 7), fit(data, 'radial', 1, 0.01, 7), fit(data, 'radial', 1, 0.01, 8)]);
  const [pa, pb, pc] = [a, b, c].map((model) => model.predict(data.x).probabilities!);
  assert.deepEqual(pa, pb);
  assert.notDeepEqual(pa, pc, 'other probability folds give other Platt sigmoids');
});

test('variable importance: LinearSVM coefficients for binary and regression, none otherwise', async () => {
  const iris = completeDataset('iris');
  assert.equal((await fit(iris, 'linear', 1, 0)).varimp(), null);
  const bc = completeDataset('breast_cancer');
  assert.equal((await fit(bc, 'radial', 1, 0.01)).varimp(), null);
  const mtcars = completeDataset('mtcars');
  const varimp = (await fit(mtcars, 'linear', 1, 0)).varimp()!;
  assert.deepEqual(varimp.variables, ['(Intercept)', ...mtcars.featureNames]);
  assert.deepEqual(varimp.measures.map((measure) => measure.name), ['Coefficient']);
});

test('a constant column switches off all of e1071 scaling, outcome included', () => {
  const rows = { values: Float64Array.from([1, 5, 2, 5, 3, 5]), n: 3, p: 2 };
  assert.deepEqual(fitScaling(rows, Float64Array.from([1, 2, 4])), { x: null, y: null });
  const varying = { values: Float64Array.from([1, 5, 2, 6, 3, 7]), n: 3, p: 2 };
  const scaling = fitScaling(varying, Float64Array.from([1, 2, 3]));
  assert.deepEqual(Array.from(scaling.x!.center), [2, 6]);
  assert.deepEqual(Array.from(scaling.x!.scale), [1, 1]);
  assert.deepEqual(scaling.y, { center: 2, scale: 1 });
});

test('case weights that are not per-class weights are refused; a cancelled fit rejects', async () => {
  const data = completeDataset('breast_cancer');
  const weights = Float64Array.from(data.y, (_, i) => 1 + (i % 3));
  await assert.rejects(fit({ ...data, weights }, 'radial', 1, 0.01), /Case weights are not supported/);
  const regression = completeDataset('mtcars');
  await assert.rejects(fit({ ...regression, weights: regression.y.map(() => 1) }, 'linear', 1, 0), /Case weights are not supported/);
  const cancelled: FitContext = { random: createRandom(1), checkpoint: async () => Promise.reject(new Error('cancelled')) };
  const big = completeDataset('breast_cancer');
  await assert.rejects(radialSvmLearner.fit(big, { cost: 100, gamma: 1, ifw: false }, cancelled), /cancelled/);
});
