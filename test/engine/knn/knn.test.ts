import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KNNKernel } from '../../../src/engine/config/types.js';
import { fitKnn, knnDefaults } from '../../../src/engine/knn/knn.js';
import { neighbourWeights } from '../../../src/engine/knn/kernels.js';
import { normalQuantile } from '../../../src/engine/knn/normal-quantile.js';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { loadDataset, subset } from '../trees/load-csv.js';

const context: FitContext = { random: createRandom(1), checkpoint: async () => {} };

const close = (actual: number, expected: number, tolerance: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${label}: ${actual} vs ${expected}`);

/** Complete cases only, split 2:1 by position. */
function split(name: string): { train: TrainingData; test: TrainingData } {
  const data = loadDataset(name);
  const rows = [...data.y.keys()].filter((i) => !Number.isNaN(data.y[i]!) && data.x.every((column) => !Number.isNaN(column[i]!)));
  return { train: subset(data, rows.filter((_, j) => j % 3 !== 0)), test: subset(data, rows.filter((_, j) => j % 3 === 0)) };
}

/**
 * kknn by brute force, written from its documentation for the rectangular and triangular
 * kernels: factors one-hot, columns divided by their training sd (n − 1), constant ones dropped,
 * the k + 1 nearest training cases by Minkowski distance, w = d / d_(k+1) clamped to
 * [1e-6, 1 − 1e-6], weight 1 (rectangular) or 1 − w (triangular).
 */
function bruteKknn(train: TrainingData, x: Float64Array[], k: number, p: number, scale: boolean, kernel: 'rectangular' | 'triangular'): Float64Array[] {
  const design = (columns: Float64Array[]) =>
    columns.flatMap((values, j) => {
      const levels = train.featureLevels[j];
      return levels ? levels.map((_, level) => values.map((code) => (code === level ? 1 : 0))) : [values];
    });
  const trainColumns = design(train.x);
  const queryColumns = design(x);
  const kept: number[] = [];
  const divisors: number[] = [];
  trainColumns.forEach((values, c) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    if (values.some((value) => value !== values[0])) {
      kept.push(c);
      divisors.push(scale ? sd : 1);
    }
  });
  const m = x[0]!.length;
  const width = train.classes === null ? 1 : train.classes.length;
  const out = Array.from({ length: width }, () => new Float64Array(m));
  for (let q = 0; q < m; q++) {
    const ranked = [...train.y.keys()]
      .map((i) => {
        let sum = 0;
        kept.forEach((c, t) => (sum += Math.abs(queryColumns[c]![q]! / divisors[t]! - trainColumns[c]![i]! / divisors[t]!) ** p));
        return { i, distance: sum ** (1 / p) };
      })
      .sort((a, b) => a.distance - b.distance || a.i - b.i);
    const reach = Math.max(ranked[k]!.distance, 1e-6);
    const weights = ranked.slice(0, k).map(({ distance }) => (kernel === 'rectangular' ? 1 : 1 - Math.min(Math.max(distance / reach, 1e-6), 1 - 1e-6)));
    const total = weights.reduce((a, b) => a + b, 0);
    ranked.slice(0, k).forEach(({ i }, j) => {
      if (train.classes === null) out[0]![q]! += (weights[j]! * train.y[i]!) / total;
      else out[train.y[i]!]![q]! += weights[j]! / total;
    });
  }
  return out;
}

test('each kernel weighs the scaled distances as kknn does (values from R)', () => {
  // k = 4 neighbours at 0, 1, 2, 2 and the fifth at 4: scaled 1e-6 (clamped), 0.25, 0.5, 0.5.
  const distances = Float64Array.of(0, 1, 2, 2, 4);
  const expected: Record<KNNKernel, number[]> = {
    rectangular: [1, 1, 1, 1],
    triangular: [0.999999, 0.75, 0.5, 0.5],
    epanechnikov: [0.74999999999925004, 0.703125, 0.5625, 0.5625],
    biweight: [1.8749999999962501, 1.6479492187500002, 1.0546874999999998, 1.0546874999999998],
    triweight: [2.1874999999934372, 1.8024444580078129, 0.92285156250000011, 0.92285156250000011],
    cos: [0.99999999999876632, 0.92387953251128674, 0.70710678118654757, 0.70710678118654757],
    inv: [1e6, 4, 2, 2],
    gaussian: [0.39894228040110508, 0.37898345330520394, 0.32490081264371728, 0.32490081264371728],
    rank: [4, 3, 1.5, 1.5],
    // kknn optKernel(4, d = 3): fixed by rank, whatever the distances.
    optimal: [0.47618115137798134, 0.3013484549114413, 0.16880335495896381, 0.053667038751613938],
  };
  for (const [kernel, values] of Object.entries(expected) as [KNNKernel, number[]][]) {
    const weights = new Float64Array(4);
    neighbourWeights(kernel, 4, 3)(distances, 0, weights);
    values.forEach((value, j) => close(weights[j]!, value, 1e-12, `${kernel} weight ${j + 1}`));
  }
  // The weights read the query's own slice of a longer row-major array.
  const shifted = new Float64Array(4);
  neighbourWeights('triangular', 4, 3)(Float64Array.of(9, 9, 9, 9, 9, 0, 1, 2, 2, 4), 5, shifted);
  assert.deepEqual(Array.from(shifted), [0.999999, 0.75, 0.5, 0.5]);
});

test('optimal weights sum to one and decrease with rank', () => {
  for (const k of [1, 2, 7, 30]) {
    for (const d of [1, 4, 50]) {
      const weights = new Float64Array(k);
      neighbourWeights('optimal', k, d)(new Float64Array(k + 1), 0, weights);
      close(weights.reduce((a, b) => a + b, 0), 1, 1e-12, `k ${k}, d ${d}`);
      for (let j = 1; j < k; j++) assert.ok(weights[j]! < weights[j - 1]!, `k ${k}, d ${d}: weight ${j + 1} below weight ${j}`);
    }
  }
});

test('normalQuantile equals R qnorm on both branches of AS 241', () => {
  const reference: [number, number][] = [
    [1 / 16, -1.53412054435254586],
    [0.025, -1.95996398454005383],
    [1e-4, -3.71901648545567998],
    [1e-12, -7.03448382530113214],
    [0.3, -0.52440051270804067],
    [0.5, 0],
  ];
  for (const [p, q] of reference) {
    close(normalQuantile(p), q, 1e-15, `qnorm(${p})`);
    // 1 − p is itself rounded, which a tail quantile magnifies: the symmetry check stops at 1e-4.
    if (p >= 1e-4) close(normalQuantile(1 - p), -q, 1e-9, `qnorm(1 - ${p})`);
  }
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
});

test('classification probabilities and regression means equal a brute-force kknn (scaled, unscaled, p = 1, factors one-hot)', async () => {
  const runs = [
    { name: 'iris', kernel: 'triangular', k: 7, p: 2, scale: true },
    { name: 'wine', kernel: 'rectangular', k: 5, p: 1, scale: true },
    { name: 'penguins', kernel: 'triangular', k: 9, p: 2, scale: true },
    { name: 'penguins', kernel: 'rectangular', k: 3, p: 1.5, scale: false },
    { name: 'breast_cancer', kernel: 'triangular', k: 7, p: 2, scale: true },
    { name: 'boston', kernel: 'triangular', k: 7, p: 2, scale: true },
    { name: 'diabetes', kernel: 'rectangular', k: 10, p: 1, scale: false },
  ] as const;
  for (const run of runs) {
    const { train, test } = split(run.name);
    const model = await fitKnn(train, { ...knnDefaults, kernel: run.kernel, k: run.k, distance: run.p, scale: run.scale }, context);
    const prediction = model.predict(test.x);
    const expected = bruteKknn(train, test.x, run.k, run.p, run.scale, run.kernel);
    const got = prediction.probabilities ?? [prediction.values];
    assert.equal(got.length, expected.length);
    const label = `${run.name} ${run.kernel} k=${run.k} p=${run.p} scale=${run.scale}`;
    expected.forEach((column, c) => column.forEach((value, i) => close(got[c]![i]!, value, 1e-9, `${label} column ${c} row ${i}`)));
    if (prediction.probabilities !== null) {
      for (let i = 0; i < test.y.length; i++) close(prediction.probabilities.reduce((sum, column) => sum + column[i]!, 0), 1, 1e-12, `${label} row ${i} sums to 1`);
    }
  }
});

test('classes are decided from the probabilities: positive class at ≥ 0.5 for two classes, arg-max otherwise', async () => {
  for (const name of ['breast_cancer', 'wine']) {
    const { train, test } = split(name);
    const prediction = (await fitKnn(train, knnDefaults, context)).predict(test.x);
    const probabilities = prediction.probabilities!;
    prediction.values.forEach((code, i) => {
      if (probabilities.length === 2) assert.equal(code, probabilities[1]![i]! >= 0.5 ? 1 : 0);
      else assert.equal(probabilities[code]![i], Math.max(...probabilities.map((column) => column[i]!)));
    });
    const accuracy = prediction.values.filter((code, i) => code === test.y[i]).length / test.y.length;
    assert.ok(accuracy > 0.85, `${name}: held-out accuracy ${accuracy}`);
  }
});

test('training cases are their own nearest neighbour, as when kknn predicts its training set', async () => {
  const { train } = split('wine');
  const model = await fitKnn(train, { ...knnDefaults, k: 1, kernel: 'rectangular' }, context);
  assert.deepEqual(model.predict(train.x).values, train.y);
});

test('a feature constant on the training cases plays no part in the distances', async () => {
  const { train, test } = split('iris');
  const withConstant = (data: TrainingData, value: number): TrainingData => ({
    ...data,
    x: [...data.x, new Float64Array(data.y.length).fill(value)],
    featureNames: [...data.featureNames, 'constant'],
    featureLevels: [...data.featureLevels, null],
  });
  const hp = { ...knnDefaults, kernel: 'triangular' as const };
  const plain = (await fitKnn(train, hp, context)).predict(test.x);
  // Even when the held-out cases hold another value there.
  const padded = (await fitKnn(withConstant(train, 3), hp, context)).predict(withConstant(test, 8).x);
  assert.deepEqual(padded.probabilities, plain.probabilities);
});

test('paced prediction equals plain prediction, awaits the checkpoint and stops when it rejects', async () => {
  const { train, test } = split('breast_cancer');
  const model = await fitKnn(train, knnDefaults, context);
  let pauses = 0;
  const paced = await model.predictPaced(test.x, async () => {
    pauses++;
  });
  assert.ok(pauses > 0);
  assert.deepEqual(paced, model.predict(test.x));
  const cancelled = new Error('cancelled');
  await assert.rejects(model.predictPaced(test.x, () => Promise.reject(cancelled)), cancelled);
  assert.equal(model.varimp(), null, 'kknn has no variable importance');
});

test('KNN refuses what rtemis refuses: k not below the number of cases, missing values, case weights', async () => {
  const { train, test } = split('iris');
  const n = train.y.length;
  await assert.rejects(fitKnn(train, { ...knnDefaults, k: n }, context), new RegExp(`\`k\` must be less than the number of training cases \\(${n}\\); got ${n}`));
  await fitKnn(train, { ...knnDefaults, k: n - 1 }, context);
  const holed = { ...train, x: train.x.map((column, j) => (j === 2 ? column.map((value, i) => (i === 5 ? NaN : value)) : column)) };
  await assert.rejects(fitKnn(holed, knnDefaults, context), /KNN does not allow missing values \(feature Petal.Length\)/);
  await assert.rejects(fitKnn({ ...train, weights: new Float64Array(n).fill(1) }, knnDefaults, context), /KNN takes no case weights/);
  await assert.rejects(fitKnn(train, { ...knnDefaults, ifw: true }, context), /KNN takes no case weights/);
  const model = await fitKnn(train, knnDefaults, context);
  const holedTest = test.x.map((column, j) => (j === 0 ? column.map((value, i) => (i === 3 ? NaN : value)) : column));
  assert.throws(() => model.predict(holedTest), /KNN cannot use cases with missing values \(feature 1, case 4\)/);
});
