import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binFeatures } from '../../../src/engine/trees/gbdt/binning.js';
import { fitLightcart, lightcartDefaults, lightcartLearner } from '../../../src/engine/trees/gbdt/lightcart.js';
import { fitLightgbm, lightgbmDefaults, lightgbmLearner } from '../../../src/engine/trees/gbdt/lightgbm.js';
import { fitLightrf, lightrfDefaults } from '../../../src/engine/trees/gbdt/lightrf.js';
import { leafOf } from '../../../src/engine/trees/tree-model.js';
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
  // The library (python lightgbm 4.7, same settings) moves the mean from 22.53 to 22.97: weights
  // count towards min_data_in_leaf through Σh, so a leaf of upweighted cases may hold fewer rows.
  assert.ok(mean(weighted) > mean(plain) + 0.3);
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

test('LightCART stump: the split and leaf values are the exhaustive L2-penalised optimum (>255 bins)', async () => {
  // max_bin above every feature's distinct count makes the bins exact, so the histogram search
  // must find the best threshold an exhaustive search over the raw values finds.
  const data = loadDataset('boston');
  const lambda = 5;
  const hp = { ...lightcartDefaults, num_leaves: 2, lambda_l2: lambda, min_data_in_leaf: 1, min_sum_hessian_in_leaf: 0, max_bin: 1000, min_data_in_bin: 1 };
  const model = await fitLightcart(data, hp, seededContext(1));
  const n = data.y.length;
  const mean = data.y.reduce((s, v) => s + v, 0) / n;
  const score = (G: number, H: number) => (G * G) / (H + lambda);
  let best = { gain: -Infinity, feature: -1, threshold: 0, left: 0, right: 0 };
  data.x.forEach((column, f) => {
    const order = [...column.keys()].sort((a, b) => column[a]! - column[b]!);
    const G = data.y.reduce((s, v) => s + (mean - v), 0);
    let lG = 0;
    for (let t = 0; t + 1 < n; t++) {
      lG += mean - data.y[order[t]!]!;
      if (column[order[t]!] === column[order[t + 1]!]) continue;
      const gain = score(lG, t + 1) + score(G - lG, n - t - 1);
      if (gain > best.gain + 1e-9) {
        const threshold = (column[order[t]!]! + column[order[t + 1]!]!) / 2;
        best = { gain, feature: f, threshold, left: mean - lG / (t + 1 + lambda), right: mean - (G - lG) / (n - t - 1 + lambda) };
      }
    }
  });
  const tree = model.trees[0]!;
  assert.equal(tree.feature[0], best.feature);
  assert.ok(Math.abs(tree.threshold[0]! - best.threshold) < 1e-9);
  const predicted = model.predict(data.x).values;
  for (let i = 0; i < n; i++) {
    const expected = data.x[best.feature]![i]! <= best.threshold ? best.left : best.right;
    assert.ok(Math.abs(predicted[i]! - expected) < 1e-4);
  }
});

test('min_data_in_leaf counts cases through Σh, as LightGBM does: 5 rows of weight 20 may form a leaf', async () => {
  // 5 heavy rows at the low end with y = 10, 195 rows with y ≈ 0. Counting rows, no leaf of
  // fewer than 20 may split off; estimating counts as round(Σh × n / H), as the library does,
  // the 5 heavy rows count as 68 (the library, same data, splits at 6.5: a leaf of 7 rows).
  const n = 200;
  const x = [Float64Array.from({ length: n }, (_, i) => i)];
  const y = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 10 : 0) + 0.01 * Math.sin(i));
  const data = { x, y, featureNames: ['x'], featureLevels: [null], classes: null, weights: null };
  const stump = { ...lightcartDefaults, num_leaves: 2, min_data_in_leaf: 20 };
  const heavy = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 20 : 1));
  const weighted = (await fitLightcart({ ...data, weights: heavy }, stump, seededContext(1))).predict(x).values;
  assert.ok(weighted[0]! > 9.9 && weighted[4]! > 9.9, `heavy rows predicted ${weighted[0]}, ${weighted[4]}`);
  assert.ok(Math.abs(weighted[5]!) < 0.1);
  const plain = (await fitLightcart(data, stump, seededContext(1))).predict(x).values;
  assert.ok(plain[0]! < 5, `unweighted: a leaf of at least 20 rows, mean below 5 (got ${plain[0]})`);
});

test('LightCART 31 leaves: every leaf holds −ΣG/(ΣH+λ) of the training rows routed to it', async () => {
  // Leaf sums come from histograms, most derived by subtracting a sibling from the parent; the
  // rows come from the partition. Both must agree with the rows the finished tree routes.
  const data = loadDataset('boston');
  const lambda = 2;
  const hp = { ...lightcartDefaults, num_leaves: 31, lambda_l2: lambda, min_data_in_leaf: 3 };
  const model = await fitLightcart(data, hp, seededContext(1));
  const tree = model.trees[0]!;
  const n = data.y.length;
  const mean = data.y.reduce((s, v) => s + v, 0) / n;
  const sums = new Map<number, { G: number; H: number }>();
  for (let i = 0; i < n; i++) {
    const leaf = leafOf(tree, data.x, i);
    const sum = sums.get(leaf) ?? { G: 0, H: 0 };
    sum.G += mean - data.y[i]!;
    sum.H += 1;
    sums.set(leaf, sum);
  }
  assert.equal(sums.size, 31);
  for (const [leaf, { G, H }] of sums) {
    assert.ok(H >= 3);
    assert.ok(Math.abs(tree.value[leaf]! + G / (H + lambda)) < 1e-4);
  }
});

test('binFeatures: each value falls in the first bin whose upper bound holds it; missing and categorical codes', () => {
  const penguins = loadDataset('penguins');
  const n = penguins.y.length;
  // Signed values with ties, −0 beside 0, tiny and huge magnitudes, and missing values.
  const signed = Float64Array.from({ length: n }, (_, i) =>
    i % 13 === 0 ? NaN : i % 7 === 0 ? -0 : i % 5 === 0 ? 0 : ((i % 41) - 20) * (i % 3 === 0 ? 1e-300 : i % 3 === 1 ? 1e300 : 0.5),
  );
  const x = [...penguins.x, signed];
  const levels = [...penguins.featureLevels, null];
  for (const maxBin of [255, 8]) {
    const binned = binFeatures(x, levels, maxBin, 3);
    const p = x.length;
    for (let j = 0; j < p; j++) {
      const f = binned.features[j]!;
      const column = x[j]!;
      if (!f.categorical) assert.ok(f.nBins <= maxBin);
      for (let i = 0; i < n; i++) {
        const bin = binned.columns[j * n + i]!;
        const v = column[i]!;
        if (Number.isNaN(v)) assert.equal(bin, f.nBins);
        else if (f.categorical) assert.equal(bin, v);
        else {
          assert.ok(v <= f.upper[bin]!);
          if (bin > 0) assert.ok(v > f.upper[bin - 1]!);
        }
      }
    }
  }
});

test('knownPrediction: the training and validation scores the fit kept equal a fresh prediction; other data is not recognised', async () => {
  const maxGap = (a: Float64Array, b: Float64Array) => a.reduce((gap, v, i) => Math.max(gap, Math.abs(v - b[i]!)), 0);
  const check = (model: { predict(x: Float64Array[]): { values: Float64Array; probabilities: Float64Array[] | null }; knownPrediction(x: Float64Array[]): { values: Float64Array; probabilities: Float64Array[] | null } | null }, x: Float64Array[]) => {
    const known = model.knownPrediction(x);
    assert.ok(known !== null);
    const fresh = model.predict(x);
    assert.ok(maxGap(known.values, fresh.values) < 1e-9);
    fresh.probabilities?.forEach((column, k) => assert.ok(maxGap(known.probabilities![k]!, column) < 1e-12));
    // A copy of the same values is other data as far as the model knows.
    assert.equal(model.knownPrediction(x.map((column) => column.slice())), null);
  };
  // Missing values in training and validation rows; early stopping drops the rounds after the best.
  const boston = loadDataset('boston');
  boston.x[5] = boston.x[5]!.map((v, i) => (i % 9 === 0 ? NaN : v));
  const { train, test: held } = splitRows(boston.y.length, 0.3, seededContext(4).random);
  const [tr, va] = [subset(boston, train), subset(boston, held)];
  const stopped = await fitLightgbm(tr, { ...gbm, nrounds: null, learning_rate: 0.3, max_nrounds: 300 }, seededContext(1), va);
  assert.ok(stopped.bestIteration !== null && stopped.bestIteration < 290);
  check(stopped, tr.x);
  check(stopped, va.x);
  // Bagging (out-of-bag rows scored through the trees) and multiclass.
  const iris = loadDataset('iris');
  const bagged = await fitLightgbm(iris, { ...gbm, nrounds: 30, bagging_fraction: 0.6, bagging_freq: 2 }, seededContext(2));
  check(bagged, iris.x);
  // rf keeps no training scores (it averages trees grown on fixed gradients), only the validation ones.
  const cancer = loadDataset('breast_cancer');
  const split = splitRows(cancer.y.length, 0.3, seededContext(6).random);
  const [ctr, cva] = [subset(cancer, split.train), subset(cancer, split.test)];
  const rf = await fitLightgbm(ctr, { ...gbm, boosting: 'rf', bagging_fraction: 0.6, bagging_freq: 1, nrounds: null, max_nrounds: 40, early_stopping_rounds: 5 }, seededContext(3), cva);
  assert.equal(rf.knownPrediction(ctr.x), null);
  check(rf, cva.x);
});
