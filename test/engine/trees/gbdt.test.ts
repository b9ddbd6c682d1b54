import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLightcart, lightcartDefaults, lightcartLearner } from '../../../src/engine/trees/gbdt/lightcart.js';
import { fitLightgbm, lightgbmDefaults, lightgbmLearner } from '../../../src/engine/trees/gbdt/lightgbm.js';
import { fitLightrf, lightrfDefaults } from '../../../src/engine/trees/gbdt/lightrf.js';
import { accuracy, loadDataset, rSquared, seededContext, splitRows, subset, withOutcome } from './load-csv.js';

const gbm = { ...lightgbmDefaults, nrounds: 200, learning_rate: 0.1 };

test('LightGBM binary: held-out accuracy on breast_cancer ≥ 0.9; Gain/Cover/Frequency shares', async () => {
  const data = loadDataset('breast_cancer');
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(11).random);
  const model = await lightgbmLearner.fit(subset(data, train), gbm, seededContext(1));
  const te = subset(data, held);
  const pred = model.predict(te.x);
  assert.ok(accuracy(pred.values, te.y) >= 0.9);
  for (let i = 0; i < te.y.length; i++) assert.ok(Math.abs(pred.probabilities![0]![i]! + pred.probabilities![1]![i]! - 1) < 1e-12);
  const vi = model.varimp()!;
  assert.deepEqual(vi.measures.map((m) => m.name), ['Gain', 'Cover', 'Frequency']);
  for (const m of vi.measures) assert.ok(Math.abs(m.values.reduce((s, v) => s + v, 0) - 1) < 1e-9);
});

test('LightGBM multiclass (softmax) on iris and regression on boston', async () => {
  const iris = loadDataset('iris');
  const m = await fitLightgbm(iris, { ...gbm, nrounds: 50 }, seededContext(1));
  const pred = m.predict(iris.x);
  assert.ok(accuracy(pred.values, iris.y) >= 0.97);
  assert.equal(m.trees.length, 50 * 3);
  for (let i = 0; i < iris.y.length; i++) assert.ok(Math.abs(pred.probabilities!.reduce((s, c) => s + c[i]!, 0) - 1) < 1e-12);
  const boston = loadDataset('boston');
  const { train, test: held } = splitRows(boston.y.length, 0.3, seededContext(5).random);
  const reg = await fitLightgbm(subset(boston, train), gbm, seededContext(1));
  const te = subset(boston, held);
  assert.ok(rSquared(reg.predict(te.x).values, te.y) > 0.8);
});

test('LightGBM: early stopping on a validation set picks and keeps the best iteration', async () => {
  const data = loadDataset('breast_cancer');
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(3).random);
  const hp = { ...lightgbmDefaults, learning_rate: 0.3, max_nrounds: 500, early_stopping_rounds: 10 };
  const model = await lightgbmLearner.fitWithValidation(subset(data, train), subset(data, held), hp, seededContext(1));
  assert.ok(model.bestIteration !== null && model.bestIteration < 500);
  assert.equal(model.nrounds, model.bestIteration);
  assert.equal(model.trees.length, model.bestIteration);
  const forced = await fitLightgbm(subset(data, train), { ...hp, force_nrounds: 7 }, seededContext(1), subset(data, held));
  assert.equal(forced.nrounds, 7);
  assert.equal(forced.bestIteration, null);
});

test('LightGBM: num_leaves and max_depth bound the trees; min_data_in_leaf bounds leaf sizes', async () => {
  const data = loadDataset('boston');
  const m = await fitLightgbm(data, { ...gbm, nrounds: 5, num_leaves: 5 }, seededContext(1));
  assert.ok(m.trees.every((t) => t.feature.filter((f) => f < 0).length <= 5));
  const d = await fitLightgbm(data, { ...gbm, nrounds: 5, num_leaves: 64, max_depth: 2 }, seededContext(1));
  assert.ok(d.trees.every((t) => t.feature.filter((f) => f < 0).length <= 4));
  const big = await fitLightcart(data, { ...lightcartDefaults, min_data_in_leaf: 150, num_leaves: 64 }, seededContext(1));
  assert.ok(big.trees[0]!.feature.filter((f) => f < 0).length <= Math.floor(data.y.length / 150));
});

test('LightGBM: bagging/feature fraction use the seed; weights change the fit; L2 shrinks leaves', async () => {
  const data = loadDataset('boston');
  const hp = { ...gbm, nrounds: 20, bagging_fraction: 0.5, feature_fraction: 0.5 };
  const a = (await fitLightgbm(data, hp, seededContext(1))).predict(data.x).values;
  const b = (await fitLightgbm(data, hp, seededContext(1))).predict(data.x).values;
  const c = (await fitLightgbm(data, hp, seededContext(2))).predict(data.x).values;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const weights = Float64Array.from(data.y, (v) => (v > 30 ? 20 : 1));
  const plain = (await fitLightcart(data, lightcartDefaults, seededContext(1))).predict(data.x).values;
  const weighted = (await fitLightcart({ ...data, weights }, lightcartDefaults, seededContext(1))).predict(data.x).values;
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  assert.ok(mean(weighted) > mean(plain) + 1);
  const spread = (v: Float64Array) => Math.max(...v) - Math.min(...v);
  const ridge = (await fitLightcart(data, { ...lightcartDefaults, lambda_l2: 1000 }, seededContext(1))).predict(data.x).values;
  assert.ok(spread(ridge) < spread(plain));
});

test('LightGBM: categorical features and missing values (penguins); unseen missing rows predict', async () => {
  const data = withOutcome(loadDataset('penguins'));
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(2).random);
  const model = await fitLightgbm(subset(data, train), gbm, seededContext(1));
  const te = subset(data, held);
  assert.ok(accuracy(model.predict(te.x).values, te.y) > 0.93);
  const allMissing = model.predict(data.x.map(() => Float64Array.of(NaN)));
  assert.ok(Number.isInteger(allMissing.values[0]));
});

test('LightRF: bagged unshrunk trees averaged — breast_cancer held-out ≥ 0.9, differs by seed', async () => {
  const data = loadDataset('breast_cancer');
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(11).random);
  const hp = { ...lightrfDefaults, nrounds: 60 };
  const model = await fitLightrf(subset(data, train), hp, seededContext(1));
  const te = subset(data, held);
  assert.ok(accuracy(model.predict(te.x).values, te.y) >= 0.9);
  const other = await fitLightrf(subset(data, train), hp, seededContext(2));
  assert.notDeepEqual(model.predict(te.x).probabilities![1], other.predict(te.x).probabilities![1]);
});

test('LightCART: a single tree; informative feature above noise; cancellation; unsupported values refused', async () => {
  const iris = loadDataset('iris');
  const random = seededContext(9).random;
  const noise = Float64Array.from(iris.y, () => random());
  const data = { ...iris, x: [...iris.x, noise], featureNames: [...iris.featureNames, 'noise'], featureLevels: [...iris.featureLevels, null] };
  const model = await fitLightcart(data, lightcartDefaults, seededContext(1));
  assert.equal(lightcartLearner.name, 'LightCART');
  assert.equal(model.trees.length, 3);
  assert.ok(accuracy(model.predict(data.x).values, data.y) > 0.9);
  const vi = model.varimp()!;
  const gain = (name: string) => (vi.variables.includes(name) ? vi.measures[0]!.values[vi.variables.indexOf(name)]! : 0);
  assert.ok(Math.max(gain('Petal.Length'), gain('Petal.Width')) > gain('noise'));
  const cancelled = { random: () => 0.5, checkpoint: () => Promise.reject(new Error('cancelled')) };
  await assert.rejects(fitLightgbm(iris, gbm, cancelled), /cancelled/);
  await assert.rejects(fitLightgbm(iris, { ...gbm, linear_tree: true }, seededContext(1)), /not supported/);
  await assert.rejects(fitLightgbm(iris, { ...gbm, objective: 'binary' }, seededContext(1)), /does not fit/);
});
