import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cartDefaults, cartLearner, fitCart } from '../../../src/engine/trees/cart.js';
import { SortScratch, rpartOrder, rpartSort } from '../../../src/engine/trees/rpart-sort.js';
import { accuracy, loadDataset, rSquared, seededContext, subset, withOutcome } from './load-csv.js';

const ctx = () => seededContext(1);

test('CART on iris isolates setosa perfectly with its first split, on a petal feature', async () => {
  const iris = loadDataset('iris');
  const model = await fitCart(iris, { ...cartDefaults, maxdepth: 1 }, ctx());
  assert.equal(model.leaves, 2);
  const pred = model.predict(iris.x);
  const setosa = iris.classes!.indexOf('setosa');
  for (let i = 0; i < iris.y.length; i++) {
    assert.equal(pred.values[i] === setosa, iris.y[i] === setosa, `row ${i}`);
  }
  const top = model.varimp().variables[0]!;
  assert.match(top, /^Petal\./);
});

test('CART classification: high training accuracy, leaf class frequencies as probabilities', async () => {
  const iris = loadDataset('iris');
  const model = await cartLearner.fit(iris, cartDefaults, ctx());
  const pred = model.predict(iris.x);
  assert.ok(accuracy(pred.values, iris.y) >= 0.95);
  for (let i = 0; i < iris.y.length; i++) {
    const sum = pred.probabilities!.reduce((s, col) => s + col[i]!, 0);
    assert.ok(Math.abs(sum - 1) < 1e-12);
  }
  // Probabilities are frequencies of a node of at least one case: multiples of 1/count.
  assert.ok(pred.probabilities!.every((col) => col.every((p) => p >= 0 && p <= 1)));
});

test('CART regression (anova) fits boston well and importance uses the measure column rtemis reports', async () => {
  const boston = loadDataset('boston');
  const model = await fitCart(boston, cartDefaults, ctx());
  assert.ok(rSquared(model.predict(boston.x).values, boston.y) > 0.75);
  const vi = model.varimp();
  assert.deepEqual(vi.measures.map((m) => m.name), ['importance']);
  assert.ok(vi.variables.includes('rm') && vi.variables.includes('lstat'));
  for (let j = 1; j < vi.measures[0]!.values.length; j++) {
    assert.ok(vi.measures[0]!.values[j - 1]! >= vi.measures[0]!.values[j]!);
  }
});

test('CART: smaller cp grows more leaves; larger prune_cp prunes to fewer leaves', async () => {
  const boston = loadDataset('boston');
  const big = await fitCart(boston, { ...cartDefaults, cp: 0.001 }, ctx());
  const dflt = await fitCart(boston, cartDefaults, ctx());
  const pruned = await fitCart(boston, { ...cartDefaults, cp: 0.001, prune_cp: 0.02 }, ctx());
  assert.ok(big.leaves > dflt.leaves);
  assert.ok(pruned.leaves < big.leaves);
  assert.ok(pruned.leaves <= dflt.leaves);
});

test('CART respects maxdepth and minbucket', async () => {
  const boston = loadDataset('boston');
  const stump = await fitCart(boston, { ...cartDefaults, maxdepth: 2, cp: 0 }, ctx());
  assert.ok(stump.leaves <= 4);
  const coarse = await fitCart(boston, { ...cartDefaults, cp: 0, minbucket: 100 }, ctx());
  assert.ok(coarse.leaves <= Math.floor(boston.y.length / 100));
});

test('CART: case weights change the fit', async () => {
  const boston = loadDataset('boston');
  const weights = Float64Array.from(boston.y, (v) => (v > 30 ? 20 : 1));
  const plain = await fitCart(boston, cartDefaults, ctx());
  const weighted = await fitCart({ ...boston, weights }, cartDefaults, ctx());
  const a = plain.predict(boston.x).values;
  const b = weighted.predict(boston.x).values;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < a.length; i++) {
    meanA += a[i]!;
    meanB += b[i]!;
  }
  // Up-weighting expensive houses pulls the fitted values up.
  assert.ok(meanB > meanA + 0.5);
});

test('CART handles categorical features and missing values (penguins)', async () => {
  const penguins = withOutcome(loadDataset('penguins'));
  const model = await fitCart(penguins, cartDefaults, ctx());
  const pred = model.predict(penguins.x);
  assert.ok(accuracy(pred.values, penguins.y) > 0.95);
  // A row with every feature missing still gets a prediction.
  const missing = penguins.x.map(() => Float64Array.of(NaN));
  const one = model.predict(missing);
  assert.ok(Number.isInteger(one.values[0]));
  // A categorical-only fit must split on level subsets: island separates Gentoo (Biscoe only).
  const islandOnly = subset({ ...penguins, x: [penguins.x[0]!], featureNames: ['island'], featureLevels: [penguins.featureLevels[0]!] }, [...penguins.y.keys()]);
  const byIsland = await fitCart(islandOnly, cartDefaults, ctx());
  assert.ok(byIsland.leaves >= 2);
  assert.ok(accuracy(byIsland.predict(islandOnly.x).values, islandOnly.y) > 0.6);
});

test('CART: informative feature ranks above pure noise', async () => {
  const iris = loadDataset('iris');
  const random = seededContext(7).random;
  const noise = Float64Array.from(iris.y, () => random());
  const data = { ...iris, x: [...iris.x, noise], featureNames: [...iris.featureNames, 'noise'], featureLevels: [...iris.featureLevels, null] };
  const vi = (await fitCart(data, cartDefaults, ctx())).varimp();
  const imp = (name: string) => {
    const j = vi.variables.indexOf(name);
    return j < 0 ? 0 : vi.measures[0]!.values[j]!;
  };
  assert.ok(imp('Petal.Width') > imp('noise'));
});

test('CART: a rejecting checkpoint stops training; unsupported methods are refused', async () => {
  const iris = loadDataset('iris');
  const cancelled = { random: () => 0.5, checkpoint: () => Promise.reject(new Error('cancelled')) };
  await assert.rejects(fitCart(iris, cartDefaults, cancelled), /cancelled/);
  await assert.rejects(fitCart(iris, { ...cartDefaults, method: 'poisson' }, ctx()), /not supported/);
  await assert.rejects(fitCart(iris, { ...cartDefaults, method: 'anova' }, ctx()), /does not fit/);
});

test('CART ties between variables go to the earlier one, as in rpart (a later variable must be strictly better)', async () => {
  const boston = loadDataset('boston');
  const rm = boston.featureNames.indexOf('rm');
  const copy = Float64Array.from(boston.x[rm]!);
  const fit = (x: Float64Array[], names: string[]) =>
    fitCart({ ...boston, x, featureNames: names, featureLevels: x.map(() => null) }, { ...cartDefaults, maxdepth: 1 }, ctx());
  // The same column twice gives bit-identical improvements: whichever comes first wins.
  const first = await fit([boston.x[rm]!, copy], ['a', 'b']);
  assert.deepEqual(first.varimp().variables, ['a']);
  const second = await fit([copy, boston.x[rm]!], ['b', 'a']);
  assert.deepEqual(second.varimp().variables, ['b']);
});

test('CART sends a value equal to the split point right, as rpart does (x < split goes left)', async () => {
  const x = Float64Array.of(1, 1, 1, 3, 3, 3);
  const y = Float64Array.of(0, 0, 0, 10, 10, 10);
  const data = { x: [x], featureNames: ['x'], featureLevels: [null], y, classes: null, weights: null };
  const model = await fitCart(data, { ...cartDefaults, minsplit: 2, minbucket: 1, cp: 0 }, ctx());
  assert.deepEqual([...model.predict([Float64Array.of(1.999, 2, 2.001)]).values], [0, 10, 10]);
});

test('rpartOrder: a sorted permutation, identical to rpart\'s quicksort on tie-free, tied, skewed and extreme columns', () => {
  const random = seededContext(3).random;
  const kinds = {
    spread: () => random() * 200 - 100,
    tied: () => Math.floor(random() * 20) - 10,
    // Most values crowd into the lowest buckets of an equal-width split of the range.
    skewed: () => Math.exp(random() * 30) * (random() < 0.5 ? -1 : 1),
    extreme: () => random() * 200 - 100,
  };
  for (const n of [1, 2, 5, 12, 1000, 5000]) {
    for (const [kind, draw] of Object.entries(kinds)) {
      const values = Float64Array.from({ length: n }, draw);
      if (kind !== 'tied') values[0] = -0;
      // A range too wide for a double (max − min overflows).
      if (kind === 'extreme' && n > 2) values.set([-Number.MAX_VALUE, Number.MAX_VALUE], 1);
      const quick = Int32Array.from({ length: n }, (_, i) => i);
      rpartSort(values.slice(), quick);
      const fast = new Int32Array(n);
      rpartOrder(values.slice(), fast, new SortScratch(n));
      assert.deepEqual(fast, quick, `n=${n} ${kind}`);
      for (let t = 1; t < n; t++) assert.ok(values[fast[t - 1]!]! <= values[fast[t]!]!);
    }
  }
});

test('CART: integer case weights act as repeated cases', async () => {
  const boston = loadDataset('boston');
  const hp = { ...cartDefaults, minsplit: 2, minbucket: 1 };
  const weights = Float64Array.from(boston.y, (_, i) => 1 + (i % 3));
  const repeated = Array.from(boston.y, (_, i) => Array<number>(1 + (i % 3)).fill(i)).flat();
  const weighted = await fitCart({ ...boston, weights }, hp, ctx());
  const copies = await fitCart(subset(boston, repeated), hp, ctx());
  assert.equal(weighted.leaves, copies.leaves);
  const a = weighted.predict(boston.x).values;
  const b = copies.predict(boston.x).values;
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-9, `row ${i}`);
});

test('CART: a fit after fits of other sizes grows the same tree (work buffers are reused)', async () => {
  const boston = loadDataset('boston');
  const first = (await fitCart(boston, cartDefaults, ctx())).predict(boston.x).values;
  await fitCart(loadDataset('iris'), cartDefaults, ctx());
  await fitCart(subset(boston, Array.from({ length: 100 }, (_, i) => 3 * i)), cartDefaults, ctx());
  const again = (await fitCart(boston, cartDefaults, ctx())).predict(boston.x).values;
  assert.deepEqual(again, first);
});
