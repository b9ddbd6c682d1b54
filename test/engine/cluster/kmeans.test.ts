import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kmeans } from '../../../src/engine/cluster/kmeans.js';
import { fitContext, samePartition, separatedClusters } from './cluster-fixtures.js';

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
