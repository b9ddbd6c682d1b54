import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmeans } from '../../../src/engine/cluster/kmeans.js';
import type { FitContext } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';

function fitContext(seed: number): FitContext {
  return { random: createRandom(seed), checkpoint: async () => {} };
}

/** Three tight, far-apart groups of 40 cases in 3-D; returns columns and the true group per case. */
function separatedClusters(seed: number): { x: Float64Array[]; truth: number[] } {
  const random = createRandom(seed);
  const centres = [
    [0, 0, 0],
    [20, 20, 0],
    [0, 20, 20],
  ];
  const truth: number[] = [];
  const rows: number[][] = [];
  centres.forEach((centre, group) => {
    for (let i = 0; i < 40; i++) {
      truth.push(group);
      rows.push(centre.map((value) => value + (random() - 0.5) * 2));
    }
  });
  // Interleave the groups so input order carries no information.
  const order = rows.map((_, i) => i).sort((a, b) => (a % 40) - (b % 40) || a - b);
  return {
    x: [0, 1, 2].map((j) => Float64Array.from(order, (i) => rows[i]![j]!)),
    truth: order.map((i) => truth[i]!),
  };
}

/** True iff the labels induce exactly the true partition. */
function samePartition(labels: ArrayLike<number>, truth: number[]): boolean {
  const map = new Map<number, number>();
  const reverse = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    const label = labels[i]!;
    if ((map.get(label) ?? truth[i]) !== truth[i] || (reverse.get(truth[i]!) ?? label) !== label) return false;
    map.set(label, truth[i]!);
    reverse.set(truth[i]!, label);
  }
  return map.size === new Set(truth).size;
}

test('k-means recovers well-separated clusters with euclidean and manhattan distance', async () => {
  const { x, truth } = separatedClusters(4);
  for (const dist of ['euclidean', 'manhattan'] as const) {
    for (const init of ['kmeans++', 'random'] as const) {
      const fit = await kmeans(x, { k: 3, dist, init }, fitContext(10));
      assert.ok(fit.converged);
      assert.deepEqual([...new Set(fit.assignments)].sort(), [1, 2, 3], 'labels are 1-based');
      assert.ok(samePartition(fit.assignments, truth), `${dist} ${init}`);
      assert.deepEqual([...fit.sizes], [40, 40, 40]);
    }
  }
});

test('k-means: same seed, same result; centres are cluster means; within-SS adds up', async () => {
  const { x } = separatedClusters(9);
  const a = await kmeans(x, { k: 3, dist: 'euclidean' }, fitContext(1));
  const b = await kmeans(x, { k: 3, dist: 'euclidean' }, fitContext(1));
  assert.deepEqual(a, b);
  for (let c = 0; c < 3; c++) {
    const members = [...a.assignments.keys()].filter((i) => a.assignments[i] === c + 1);
    x.forEach((column, j) => {
      const mean = members.reduce((sum, i) => sum + column[i]!, 0) / members.length;
      assert.ok(Math.abs(a.centers[c]![j]! - mean) < 1e-12);
    });
    const ss = members.reduce((sum, i) => sum + x.reduce((s, column, j) => s + (column[i]! - a.centers[c]![j]!) ** 2, 0), 0);
    assert.ok(Math.abs(a.withinSS[c]! - ss) < 1e-9);
  }
});

test('k-means refuses missing values and impossible k', async () => {
  const { x } = separatedClusters(2);
  x[0]![5] = NaN;
  await assert.rejects(kmeans(x, { k: 3, dist: 'euclidean' }, fitContext(1)), /missing values/);
  await assert.rejects(kmeans([Float64Array.from([1, 2])], { k: 3, dist: 'euclidean' }, fitContext(1)), /Cannot make 3 clusters/);
});
