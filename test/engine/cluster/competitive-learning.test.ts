import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowMatrix } from '../../../src/engine/cluster/centres.js';
import { hardcl, hardclMethod } from '../../../src/engine/cluster/hardcl.js';
import { neuralgas, neuralgasMethod } from '../../../src/engine/cluster/neuralgas.js';
import { wire } from '../run/fixtures.js';
import { fitContext, groupMeans, samePartition, separatedClusters } from './cluster-fixtures.js';

/** The true group whose mean is nearest to each fitted centre, and that distance. */
function nearestGroup(centres: Float64Array, means: number[][], c: number): { group: number; distance: number } {
  let best = { group: -1, distance: Infinity };
  means.forEach((mean, group) => {
    const distance = Math.hypot(...mean.map((value, j) => value - centres[c * mean.length + j]!));
    if (distance < best.distance) best = { group, distance };
  });
  return best;
}

test('HardCL: well-separated groups recovered; each centre is the running mean of the cases it won, close to the group mean', async () => {
  const { x, truth } = separatedClusters(12);
  const means = groupMeans(x, truth);
  for (const dist of ['euclidean', 'manhattan'] as const) {
    const fit = await hardcl(rowMatrix(x, 'HardCL'), { k: 3, dist }, fitContext(3));
    assert.ok(samePartition(fit.labels, truth), dist);
    // 200 passes: whatever a centre won before the groups settled weighs at most ~1/200.
    for (let c = 0; c < 3; c++) assert.ok(nearestGroup(fit.centres, means, c).distance < 0.3, `${dist} centre ${c}`);
  }
});

test('NeuralGas: well-separated groups recovered, centres close to the group means', async () => {
  const { x, truth } = separatedClusters(13);
  const means = groupMeans(x, truth);
  for (const dist of ['euclidean', 'manhattan'] as const) {
    const fit = await neuralgas(rowMatrix(x, 'NeuralGas'), { k: 3, dist }, fitContext(5));
    assert.ok(samePartition(fit.labels, truth), dist);
    const matched = new Set([0, 1, 2].map((c) => nearestGroup(fit.centres, means, c).group));
    assert.equal(matched.size, 3, 'one centre per group');
    for (let c = 0; c < 3; c++) assert.ok(nearestGroup(fit.centres, means, c).distance < 0.2, `${dist} centre ${c}`);
  }
});

test('both: same seed same fit; kcca summary adds up; k above the number of distinct cases is refused', async () => {
  const { x } = separatedClusters(14);
  for (const method of [hardclMethod, neuralgasMethod]) {
    const a = await method.fit({ x, names: ['a', 'b', 'c'] }, { k: 4, dist: 'euclidean' }, fitContext(9));
    const b = await method.fit({ x, names: ['a', 'b', 'c'] }, { k: 4, dist: 'euclidean' }, fitContext(9));
    assert.deepEqual(a, b, method.name);
    assert.equal(a.k, 4);
    const clust = wire(a.clust) as { size: number[]; withinss: number[]; centers: number[][]; iter: number; converged: boolean };
    assert.equal(clust.size.reduce((sum, v) => sum + v, 0), 120);
    assert.equal(clust.withinss.length, 4);
    assert.equal(clust.centers.length, 4);
    assert.equal(clust.iter, 200);
    assert.equal(clust.converged, false, 'flexclust never reports an on-line fit as converged');
    const duplicates = [Float64Array.from([1, 1, 1, 2, 2])];
    await assert.rejects(method.fit({ x: duplicates, names: ['a'] }, { k: 3, dist: 'euclidean' }, fitContext(1)), /k = 3 is larger than the number of distinct cases \(2\)/);
  }
});
