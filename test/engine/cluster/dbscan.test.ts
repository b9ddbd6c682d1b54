import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowMatrix } from '../../../src/engine/cluster/centres.js';
import { dbscan, dbscanMethod } from '../../../src/engine/cluster/dbscan.js';
import type { DBSCANConfig } from '../../../src/engine/config/types.js';
import { createRandom } from '../../../src/engine/random.js';

const context = { random: createRandom(1), checkpoint: async () => {}, message: () => {} };

function config(eps: number, minPoints: number, extra: Partial<DBSCANConfig> = {}): DBSCANConfig {
  return { eps, min_points: minPoints, weights: null, border_points: true, search: 'kdtree', bucket_size: 100, split_rule: 'SUGGEST', approx: false, ...extra };
}

/**
 * dbscan's algorithm as its C++ source reads (dbscan_int): brute-force neighbourhoods,
 * cases in input order, a stack per cluster, visited on pop.
 */
function reference(x: Float64Array[], eps: number, minPoints: number, borderPoints: boolean, weights: number[] | null): Int32Array {
  const n = x[0]!.length;
  const region = (i: number) => {
    const out: number[] = [];
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (const column of x) sum += (column[i]! - column[k]!) ** 2;
      if (sum <= eps * eps) out.push(k);
    }
    return out;
  };
  const weightOf = (cases: number[]) => (weights === null ? cases.length : cases.reduce((s, k) => s + weights[k]!, 0));
  const visited = new Array<boolean>(n).fill(false);
  const labels = new Int32Array(n);
  let clusters = 0;
  for (let i = 0; i < n; i++) {
    if (visited[i]) continue;
    const stack = region(i);
    if (weightOf(stack) < minPoints) continue;
    const label = ++clusters;
    visited[i] = true;
    labels[i] = label;
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (visited[j]) continue;
      visited[j] = true;
      const neighbours = region(j);
      const core = weightOf(neighbours) >= minPoints;
      if (core) stack.push(...neighbours);
      if (core || borderPoints) labels[j] = label;
    }
  }
  return labels;
}

/** Clumps of integer-grid points (many exact-radius ties) plus scattered ones. */
function data(n: number, d: number, seed: number): Float64Array[] {
  const random = createRandom(seed);
  const centres = Array.from({ length: 4 }, () => Array.from({ length: d }, () => Math.floor(random() * 30)));
  const x = Array.from({ length: d }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const centre = centres[Math.floor(random() * 4)]!;
    const scattered = random() < 0.15;
    for (let j = 0; j < d; j++) x[j]![i] = scattered ? Math.floor(random() * 40) : centre[j]! + Math.floor(random() * 5) - 2;
  }
  return x;
}

test('labels equal dbscan\'s algorithm: border points to the first cluster reaching them, noise 0, minPts counts the point', async () => {
  for (const [n, d, eps, minPoints, seed] of [
    [400, 2, 1, 4, 1],
    [400, 2, 1.5, 8, 2],
    [300, 3, 2, 6, 3],
    [200, 4, 2.5, 3, 4],
    [60, 1, 1, 2, 5],
    [120, 2, 1, 1, 6],
  ] as const) {
    const x = data(n, d, seed);
    for (const borderPoints of [true, false]) {
      const fit = await dbscan(rowMatrix(x, 'DBSCAN'), config(eps, minPoints, { border_points: borderPoints }), context);
      const expected = reference(x, eps, minPoints, borderPoints, null);
      assert.deepEqual(fit.labels, expected, `n=${n} d=${d} eps=${eps} minPts=${minPoints} border=${borderPoints}`);
      assert.equal(fit.clusters, Math.max(0, ...expected));
    }
  }
});

test('weights: a core point needs neighbourhood weight ≥ min_points', async () => {
  const x = data(300, 2, 8);
  const random = createRandom(3);
  const weights = Array.from({ length: 300 }, () => Math.round(random() * 4) / 2);
  const fit = await dbscan(rowMatrix(x, 'DBSCAN'), config(1.5, 5, { weights }), context);
  assert.deepEqual(fit.labels, reference(x, 1.5, 5, true, weights));
  await assert.rejects(dbscan(rowMatrix(x, 'DBSCAN'), config(1.5, 5, { weights: [1, 2] }), context), /one value per case \(300\); got 2/);
});

test('a border point between two clusters joins the one that started first', async () => {
  // Two groups of four core points around 0 and 4; the point at 2 reaches one member of each (1.9 < eps) but is not core.
  const values = [0, 0.1, -0.1, -0.05, 2, 4, 3.9, 4.1, 4.05];
  const fit = await dbscan(rowMatrix([Float64Array.from(values)], 'DBSCAN'), config(1.95, 4), context);
  assert.deepEqual(Array.from(fit.labels), [1, 1, 1, 1, 1, 2, 2, 2, 2]);
  // Reversed input: the group around 4 starts first and claims the border point.
  const reversed = await dbscan(rowMatrix([Float64Array.from(values).reverse()], 'DBSCAN'), config(1.95, 4), context);
  assert.deepEqual(Array.from(reversed.labels), [1, 1, 1, 1, 1, 2, 2, 2, 2]);
  const strict = await dbscan(rowMatrix([Float64Array.from(values)], 'DBSCAN'), config(1.95, 4, { border_points: false }), context);
  assert.deepEqual(Array.from(strict.labels), [1, 1, 1, 1, 0, 2, 2, 2, 2]);
});

test('the method reports k as distinct labels with noise, says so, and refuses missing values', async () => {
  const messages: string[] = [];
  const x = [Float64Array.from([0, 0.1, 0.2, 5, 5.1, 5.2, 20])];
  const fit = await dbscanMethod.fit({ x, names: ['a'] }, config(0.5, 2), { ...context, message: (text) => messages.push(text) });
  assert.deepEqual(Array.from(fit.assignments), [1, 1, 1, 2, 2, 2, 0]);
  assert.equal(fit.k, 3);
  assert.deepEqual(messages, ['Found 3 clusters.']);
  assert.deepEqual(fit.clust, { eps: 0.5, minPts: 2, metric: 'euclidean', borderPoints: true, n_clusters: 2, n_noise: 1 });
  const none = await dbscanMethod.fit({ x, names: ['a'] }, config(0.01, 2), context);
  assert.equal(none.k, 1, 'all noise: one distinct label');
  await assert.rejects(dbscanMethod.fit({ x: [Float64Array.from([1, NaN])], names: ['a'] }, config(1, 2), context), /missing values/);
});
