import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHyperparameters } from '../../../src/engine/config/hyperparameters.js';
import type { ResamplerConfig, SuperLearnerHyperparameters } from '../../../src/engine/config/types.js';
import { toSupervised, toTrainingData } from '../../../src/engine/data/supervised.js';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { tunesOnNull } from '../../../src/engine/catalog/tune-on-null.js';
import { createSuperLearner } from '../../../src/engine/meta/super-learner.js';
import { algorithmEntry, fitAlgorithm } from '../../../src/engine/registry.js';
import { makeResamples } from '../../../src/engine/resample/resample.js';
import { loadDataset } from '../data/fixtures.js';

const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const pick = (values: Float64Array, rows: Int32Array) => Float64Array.from(rows, (row) => values[row]!);

function superLearnerValues(block: Record<string, unknown>): SuperLearnerHyperparameters {
  return buildHyperparameters('SuperLearner', block) as unknown as SuperLearnerHyperparameters;
}

function regressionData(): TrainingData {
  const data = toSupervised(loadDataset('boston'));
  return toTrainingData(data, allRows(data.outcome.length));
}

test('cross-fitting: cv_risk is the MSE of out-of-fold predictions on the inner folds, and the NNLS weights are NNLS on them', async () => {
  const training = regressionData();
  const inner: ResamplerConfig = { type: 'KFold', n_resamples: 5, stratify_var: null, strat_n_bins: 4, id_strat: null, seed: null };
  const values = superLearnerValues({
    base_learners: [{ algorithm: 'GLM' }, { algorithm: 'NNLS', hyperparameters: { normalize: false } }],
    inner_resampling_config: { type: 'KFold', n_resamples: 5 },
  });
  const seed = 11;
  let checkpoints = 0;
  const context: FitContext = { random: createRandom(seed), checkpoint: async () => void checkpoints++ };
  const model = await fitAlgorithm('SuperLearner', training, values as unknown as Record<string, unknown>, context);

  // The same folds from the same stream; both base learners are deterministic.
  const folds = makeResamples(inner, { stratify: training.y, categorical: false }, createRandom(seed)).resamples;
  const n = training.y.length;
  const levelOne = [new Float64Array(n), new Float64Array(n)];
  const plain = createRandom(0);
  for (const fold of folds) {
    const part: TrainingData = { ...training, x: training.x.map((column) => pick(column, fold.train)), y: pick(training.y, fold.train) };
    const heldOut = training.x.map((column) => pick(column, fold.test));
    const glm = await fitAlgorithm('GLM', part, { ifw: false }, { random: plain, checkpoint: async () => {} });
    const nnls = await fitAlgorithm('NNLS', part, { normalize: false, ifw: false }, { random: plain, checkpoint: async () => {} });
    fold.test.forEach((row, i) => {
      levelOne[0]![row] = glm.predict(heldOut).values[i]!;
      levelOne[1]![row] = nnls.predict(heldOut).values[i]!;
    });
  }
  const varimp = model.varimp()!;
  assert.deepEqual(varimp.variables, ['GLM', 'NNLS']);
  assert.deepEqual(varimp.measures.map((measure) => measure.name), ['weight', 'cv_risk']);
  levelOne.forEach((column, e) => {
    const mse = column.reduce((sum, value, i) => sum + (value - training.y[i]!) ** 2, 0) / n;
    assert.ok(Math.abs(varimp.measures[1]!.values[e]! - mse) < 1e-9 * mse, `cv_risk ${e}: ${varimp.measures[1]!.values[e]} vs ${mse}`);
  });
  const meta = await fitAlgorithm(
    'NNLS',
    { x: levelOne, featureNames: ['GLM', 'NNLS'], featureLevels: [null, null], y: training.y, classes: null, weights: null },
    { normalize: true, ifw: false },
    { random: plain, checkpoint: async () => {} },
  );
  const expectedWeights = meta.varimp()!.measures[0]!.values;
  expectedWeights.forEach((weight, e) => assert.ok(Math.abs(varimp.measures[0]!.values[e]! - weight) < 1e-9));

  // A prediction is the weighted sum of the entries refitted on all cases.
  const glm = await fitAlgorithm('GLM', training, { ifw: false }, { random: plain, checkpoint: async () => {} });
  const nnls = await fitAlgorithm('NNLS', training, { normalize: false, ifw: false }, { random: plain, checkpoint: async () => {} });
  const predicted = model.predict(training.x).values;
  const glmFit = glm.predict(training.x).values;
  const nnlsFit = nnls.predict(training.x).values;
  predicted.forEach((value, i) => {
    const expected = expectedWeights[0]! * glmFit[i]! + expectedWeights[1]! * nnlsFit[i]!;
    assert.ok(Math.abs(value - expected) < 1e-8 * Math.max(1, Math.abs(expected)));
  });
  // A checkpoint after each of 5 × 2 fold fits, the meta fit and 2 refits.
  assert.ok(checkpoints >= 13, `${checkpoints} checkpoints`);
});

test('discrete keeps the lowest-risk entry: weight 1 there, predictions are that entry refitted', async () => {
  const training = regressionData();
  const values = superLearnerValues({
    base_learners: [{ algorithm: 'NNLS' }, { algorithm: 'GLM' }],
    discrete: true,
    inner_resampling_config: { type: 'KFold', n_resamples: 4 },
  });
  const model = await fitAlgorithm('SuperLearner', training, values as unknown as Record<string, unknown>, { random: createRandom(3), checkpoint: async () => {} });
  const [weight, risk] = model.varimp()!.measures;
  // Normalised NNLS on boston is a poor convex combination of features; the GLM wins.
  assert.deepEqual(Array.from(weight!.values), [0, 1]);
  assert.ok(risk!.values[1]! < risk!.values[0]!);
  const glm = await fitAlgorithm('GLM', training, { ifw: false }, { random: createRandom(0), checkpoint: async () => {} });
  assert.deepEqual(model.predict(training.x).values, glm.predict(training.x).values);
});

test('binary SuperLearner stacks positive-class probabilities; LOOCV works; a meta learner without weights omits `weight`', async () => {
  const iris = toSupervised(loadDataset('iris'));
  // versicolor vs virginica: 100 cases, a task with some overlap.
  const rows = Int32Array.from(Array.from(iris.outcome).flatMap((code, row) => (code > 0 ? [row] : [])));
  const full = toTrainingData(iris, rows);
  const training: TrainingData = { ...full, y: full.y.map((code) => code - 1), classes: ['versicolor', 'virginica'] };
  const values = superLearnerValues({
    base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparameters: { maxdepth: 2 } }],
    inner_resampling_config: { type: 'LOOCV' },
  });
  const model = await fitAlgorithm('SuperLearner', training, values as unknown as Record<string, unknown>, { random: createRandom(2), checkpoint: async () => {} });
  const prediction = model.predict(training.x);
  const positive = prediction.probabilities![1]!;
  positive.forEach((p, i) => {
    assert.ok(p >= 0 && p <= 1);
    assert.equal(prediction.values[i], p >= 0.5 ? 1 : 0);
  });
  const accuracy = prediction.values.filter((value, i) => value === training.y[i]).length / training.y.length;
  assert.ok(accuracy > 0.9, `training accuracy ${accuracy}`);
  const risks = model.varimp()!.measures.find((measure) => measure.name === 'cv_risk')!.values;
  assert.ok(risks.every((risk) => risk > 0 && risk < 0.25), 'Brier scores of honest predictions');

  const cartMeta = superLearnerValues({
    base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparameters: { maxdepth: 2 } }],
    meta_learner: { algorithm: 'CART', hyperparameters: { maxdepth: 2 } },
    inner_resampling_config: { type: 'KFold', n_resamples: 5 },
  });
  const withCart = await fitAlgorithm('SuperLearner', training, cartMeta as unknown as Record<string, unknown>, { random: createRandom(2), checkpoint: async () => {} });
  assert.deepEqual(withCart.varimp()!.measures.map((measure) => measure.name), ['cv_risk']);
});

test('a base learner with ifw weights its own training cases; with case weights it is refused, as rtemis does', async () => {
  const cancer = toSupervised(loadDataset('breast_cancer'));
  const training = toTrainingData(cancer, allRows(cancer.outcome.length));
  const values = superLearnerValues({
    base_learners: [{ algorithm: 'CART', hyperparameters: { ifw: true, maxdepth: 2 } }, { algorithm: 'CART', hyperparameters: { maxdepth: 3 } }],
    inner_resampling_config: { type: 'KFold', n_resamples: 3 },
  });
  const context = () => ({ random: createRandom(4), checkpoint: async () => {} });
  const model = await fitAlgorithm('SuperLearner', training, values as unknown as Record<string, unknown>, context());
  assert.equal(model.varimp()!.variables.length, 2);
  await assert.rejects(
    fitAlgorithm('SuperLearner', { ...training, weights: new Float64Array(training.y.length).fill(1) }, values as unknown as Record<string, unknown>, context()),
    /custom weights are defined, but IFW is set to TRUE/,
  );
  // Every draw comes from the context's generator: a rerun from the same seed is identical.
  const again = await fitAlgorithm('SuperLearner', training, values as unknown as Record<string, unknown>, context());
  assert.deepEqual(again.varimp(), model.varimp());
});

test("a tune-on-null base learner is tuned as rtemis's nested train() does: GLMNET lambda and LightGBM rounds resolved before every fit", async () => {
  const training = regressionData();
  const fits: { algorithm: string; values: Record<string, unknown> }[] = [];
  // The registry's own parts, with every nested fit recorded.
  const recorded = createSuperLearner({
    fit: (algorithm, data, values, context) => {
      fits.push({ algorithm, values });
      return fitAlgorithm(algorithm, data, values, context);
    },
    resolverFor: (algorithm, values) => (tunesOnNull(algorithm, values) ? algorithmEntry(algorithm).tuneOnNull : null),
  });
  const values = superLearnerValues({
    base_learners: [{ algorithm: 'GLMNET' }, { algorithm: 'LightGBM', hyperparameters: { max_nrounds: 60 } }],
    inner_resampling_config: { type: 'KFold', n_resamples: 3 },
  });
  const model = await recorded.fit(training, values, { random: createRandom(8), checkpoint: async () => {} });
  const glmnet = fits.filter((fit) => fit.algorithm === 'GLMNET');
  const lightgbm = fits.filter((fit) => fit.algorithm === 'LightGBM');
  // 3 cross-fitting folds + the refit each.
  assert.equal(glmnet.length, 4);
  assert.equal(lightgbm.length, 4);
  for (const fit of glmnet) {
    const lambda = fit.values.lambda as number[];
    assert.ok(Array.isArray(lambda) && lambda.length === 1 && lambda[0]! > 0, `lambda ${JSON.stringify(lambda)}`);
  }
  for (const fit of lightgbm) {
    assert.equal(fit.values.force_nrounds, null);
    assert.ok(Number.isInteger(fit.values.nrounds) && (fit.values.nrounds as number) >= 1 && (fit.values.nrounds as number) <= 60);
  }
  const predicted = model.predict(training.x).values;
  const rss = predicted.reduce((sum, value, i) => sum + (value - training.y[i]!) ** 2, 0);
  const mean = training.y.reduce((a, b) => a + b, 0) / training.y.length;
  const tss = training.y.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  assert.ok(1 - rss / tss > 0.7, `training R² ${1 - rss / tss}`);
});
