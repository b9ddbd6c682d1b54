import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingData } from '../../../src/engine/learner.js';
import { fitRanger, rangerDefaults, rangerLearner } from '../../../src/engine/trees/ranger.js';
import { leafOf } from '../../../src/engine/trees/tree-model.js';
import { accuracy, loadDataset, rSquared, seededContext, splitRows, subset, withOutcome } from './load-csv.js';

const small = { ...rangerDefaults, num_trees: 100 };

test('Ranger: held-out accuracy on breast_cancer ≥ 0.9, probabilities sum to 1', async () => {
  const data = loadDataset('breast_cancer');
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(11).random);
  const model = await rangerLearner.fit(subset(data, train), small, seededContext(1));
  const te = subset(data, held);
  const pred = model.predict(te.x);
  assert.ok(accuracy(pred.values, te.y) >= 0.9);
  for (let i = 0; i < te.y.length; i++) {
    assert.ok(Math.abs(pred.probabilities![0]![i]! + pred.probabilities![1]![i]! - 1) < 1e-9);
  }
});

test('Ranger regression: held-out R² on boston > 0.75; importance has one row per feature', async () => {
  const data = loadDataset('boston');
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(5).random);
  const model = await fitRanger(subset(data, train), small, seededContext(2));
  const te = subset(data, held);
  assert.ok(rSquared(model.predict(te.x).values, te.y) > 0.75);
  const vi = model.varimp()!;
  assert.deepEqual(vi.variables, data.featureNames);
  assert.deepEqual(vi.measures.map((m) => m.name), ['importance']);
});

test('Ranger: seeded fits reproduce, different seeds differ', async () => {
  const data = loadDataset('iris');
  const a = (await fitRanger(data, { ...small, num_trees: 20 }, seededContext(3))).predict(data.x).probabilities![1]!;
  const b = (await fitRanger(data, { ...small, num_trees: 20 }, seededContext(3))).predict(data.x).probabilities![1]!;
  const c = (await fitRanger(data, { ...small, num_trees: 20 }, seededContext(4))).predict(data.x).probabilities![1]!;
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('Ranger: impurity and permutation importance rank informative features above noise', async () => {
  const iris = loadDataset('iris');
  const random = seededContext(9).random;
  const noise = Float64Array.from(iris.y, () => random());
  const data = { ...iris, x: [...iris.x, noise], featureNames: [...iris.featureNames, 'noise'], featureLevels: [...iris.featureLevels, null] };
  for (const importance of ['impurity', 'permutation'] as const) {
    const vi = (await fitRanger(data, { ...small, num_trees: 50, importance, mtry: 2 }, seededContext(1))).varimp()!;
    const v = vi.measures[0]!.values;
    assert.ok(v[2]! > v[4]! && v[3]! > v[4]!, `${importance}: ${v.join(', ')}`);
  }
  const none = await fitRanger(data, { ...small, num_trees: 5, importance: 'none' }, seededContext(1));
  assert.equal(none.varimp(), null);
});

test('Ranger: case weights steer the bootstrap', async () => {
  const data = loadDataset('boston');
  const weights = Float64Array.from(data.y, (v) => (v > 30 ? 50 : 1));
  const plain = (await fitRanger(data, { ...small, num_trees: 30 }, seededContext(1))).predict(data.x).values;
  const weighted = (await fitRanger({ ...data, weights }, { ...small, num_trees: 30 }, seededContext(1))).predict(data.x).values;
  const mean = (v: Float64Array) => v.reduce((s, x) => s + x, 0) / v.length;
  assert.ok(mean(weighted) > mean(plain) + 1);
});

test('Ranger: max_depth, min_node_size and sampling without replacement shape the trees', async () => {
  const data = loadDataset('boston');
  const shallow = await fitRanger(data, { ...small, num_trees: 10, max_depth: 2 }, seededContext(1));
  assert.ok(shallow.trees.every((t) => t.feature.length <= 7));
  const leaves = (m: { trees: { feature: Int32Array }[] }) => m.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
  const fine = await fitRanger(data, { ...small, num_trees: 10 }, seededContext(1));
  const coarse = await fitRanger(data, { ...small, num_trees: 10, min_node_size: 200 }, seededContext(1));
  // Every split node holds more than 200 cases, so each tree has under 506/200 nodes per depth level.
  assert.ok(leaves(coarse) * 10 < leaves(fine));
  const sub = await fitRanger(data, { ...small, num_trees: 10, replace: false, sample_fraction: 0.5 }, seededContext(1));
  assert.ok(rSquared(sub.predict(data.x).values, data.y) > 0.7);
});

test('Ranger: categorical features and missing values (penguins)', async () => {
  const data = withOutcome(loadDataset('penguins'));
  const { train, test: held } = splitRows(data.y.length, 0.3, seededContext(2).random);
  const model = await fitRanger(subset(data, train), small, seededContext(1));
  const te = subset(data, held);
  assert.ok(accuracy(model.predict(te.x).values, te.y) > 0.93);
  await assert.rejects(fitRanger(data, { ...small, na_action: 'na.fail' }, seededContext(1)), /missing/);
});

test('Ranger: a rejecting checkpoint stops training', async () => {
  const data = loadDataset('iris');
  let calls = 0;
  const context = {
    random: seededContext(1).random,
    checkpoint: () => (++calls > 3 ? Promise.reject(new Error('cancelled')) : Promise.resolve()),
  };
  await assert.rejects(fitRanger(data, small, context), /cancelled/);
  assert.equal(calls, 4);
});

test('Ranger: held-out accuracy on iris ≥ 0.9 and R² on diabetes > 0.35', async () => {
  const iris = loadDataset('iris');
  const a = splitRows(iris.y.length, 0.3, seededContext(21).random);
  const irisModel = await fitRanger(subset(iris, a.train), small, seededContext(1));
  const irisTest = subset(iris, a.test);
  assert.ok(accuracy(irisModel.predict(irisTest.x).values, irisTest.y) >= 0.9);
  const diabetes = loadDataset('diabetes');
  const b = splitRows(diabetes.y.length, 0.3, seededContext(22).random);
  const diabetesModel = await fitRanger(subset(diabetes, b.train), small, seededContext(1));
  const diabetesTest = subset(diabetes, b.test);
  assert.ok(rSquared(diabetesModel.predict(diabetesTest.x).values, diabetesTest.y) > 0.35);
});

/** Brute force over every feature and every midpoint: the variance-reduction-maximising root split. */
function bestRootSplit(data: TrainingData): { feature: number; threshold: number } {
  const n = data.y.length;
  let best = { feature: -1, threshold: 0, score: -Infinity };
  data.x.forEach((column, f) => {
    const distinct = [...new Set(column)].sort((u, v) => u - v);
    for (let d = 0; d + 1 < distinct.length; d++) {
      const threshold = (distinct[d]! + distinct[d + 1]!) / 2;
      let lS = 0;
      let lN = 0;
      let rS = 0;
      for (let i = 0; i < n; i++) {
        if (column[i]! <= threshold) {
          lS += data.y[i]!;
          lN++;
        } else rS += data.y[i]!;
      }
      const score = (lS * lS) / lN + (rS * rS) / (n - lN);
      if (score > best.score + 1e-9 * Math.abs(score)) best = { feature: f, threshold, score };
    }
  });
  return best;
}

test('Ranger: splits are exact (midpoints between distinct values), not binned', async () => {
  const data = loadDataset('boston');
  // All cases in bag and every feature tried: the root must be the exhaustive search's best split.
  const hp = { ...small, num_trees: 1, replace: false, sample_fraction: 1, mtry: data.x.length };
  const tree = (await fitRanger(data, hp, seededContext(1))).trees[0]!;
  const expected = bestRootSplit(data);
  assert.equal(tree.feature[0], expected.feature);
  assert.equal(tree.threshold[0], expected.threshold);
});

test('Ranger: min_bucket bounds every leaf', async () => {
  const data = loadDataset('boston');
  const hp = { ...small, num_trees: 5, replace: false, sample_fraction: 1, min_node_size: 1, min_bucket: 7 };
  const model = await fitRanger(data, hp, seededContext(1));
  for (const tree of model.trees) {
    const perLeaf = new Map<number, number>();
    for (let i = 0; i < data.y.length; i++) {
      const leaf = leafOf(tree, data.x, i);
      perLeaf.set(leaf, (perLeaf.get(leaf) ?? 0) + 1);
    }
    assert.ok(Math.min(...perLeaf.values()) >= 7);
    assert.ok(perLeaf.size > 10);
  }
});

test('Ranger: a categorical feature split by level order predicts new cases', async () => {
  const random = seededContext(4).random;
  const n = 400;
  const level = Float64Array.from({ length: n }, () => Math.floor(random() * 4));
  const noise = Float64Array.from({ length: n }, () => random());
  const data: TrainingData = {
    x: [level, noise],
    featureNames: ['level', 'noise'],
    featureLevels: [['a', 'b', 'c', 'd'], null],
    y: Float64Array.from(level, (v) => (v >= 2 ? 1 : 0)),
    classes: ['no', 'yes'],
    weights: null,
  };
  const { train, test: held } = splitRows(n, 0.3, seededContext(5).random);
  const model = await fitRanger(subset(data, train), { ...small, num_trees: 20 }, seededContext(1));
  const te = subset(data, held);
  assert.equal(accuracy(model.predict(te.x).values, te.y), 1);
});
