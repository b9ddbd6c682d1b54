import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDecompConfig } from '../../../src/engine/config/decomposition-config.js';
import { calibrateRow } from '../../../src/engine/decomp/tsne/perplexity.js';
import { SpacePartitioningTree } from '../../../src/engine/decomp/tsne/space-partitioning-tree.js';
import { tsne, type TSNEOptions } from '../../../src/engine/decomp/tsne/tsne.js';
import { vantagePointNeighbors } from '../../../src/engine/decomp/tsne/vantage-point-tree.js';
import { Pacer } from '../../../src/engine/decomp/embedding-context.js';
import { FastRandom } from '../../../src/engine/decomp/fast-random.js';
import { createRandom } from '../../../src/engine/random.js';
import { knnAccuracy } from '../../support/embedding-quality.js';
import { blobs, names, quietContext, rowsOfColumns } from './embedding-fixtures.js';

const { features: _features, ...DEFAULTS } = buildDecompConfig('tSNE', {}).config as TSNEOptions & { features: null };

test('the describe defaults are Rtsne\'s', () => {
  assert.equal(DEFAULTS.perplexity, 30);
  assert.equal(DEFAULTS.theta, 0.5);
  assert.equal(DEFAULTS.max_iter, 1000);
  assert.equal(DEFAULTS.exaggeration_factor, 12);
  assert.equal(DEFAULTS.stop_lying_iter, 250, 'describe says null; setup_tSNE fills 250 without Y_init');
  assert.equal(DEFAULTS.mom_switch_iter, 250);
});

test('perplexity calibration reaches the target entropy log(perplexity) on every row', () => {
  const random = createRandom(3);
  const k = 90;
  const squared = Float64Array.from({ length: 20 * k }, () => 5 * random() ** 2);
  const out = new Float64Array(20 * k);
  for (const perplexity of [5, 30]) {
    for (let i = 0; i < 20; i++) {
      const entropy = calibrateRow(squared, i * k, k, perplexity, out, i * k, -1);
      assert.ok(Math.abs(entropy - Math.log(perplexity)) < 1e-5, `row ${i}: ${entropy}`);
      const row = out.subarray(i * k, (i + 1) * k);
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12);
      // The entropy of the normalised row is the one reached.
      const h = -row.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
      assert.ok(Math.abs(h - Math.log(perplexity)) < 1e-4);
    }
  }
});

test('the vantage-point tree finds the exact nearest neighbours', async () => {
  const { x } = blobs(500, 6, 3, 9);
  const rows = rowsOfColumns(x);
  const found = await vantagePointNeighbors(rows, 500, 6, 12, new FastRandom(createRandom(1)), new Pacer(quietContext(1)));
  for (let i = 0; i < 500; i += 7) {
    const d = Array.from({ length: 500 }, (_, j) => (j === i ? Infinity : Math.hypot(...Array.from({ length: 6 }, (_, c) => rows[i * 6 + c]! - rows[j * 6 + c]!))));
    const exact = Array.from(d.keys()).sort((a, b) => d[a]! - d[b]!).slice(0, 12);
    assert.deepEqual(Array.from(found.distances.subarray(i * 12, (i + 1) * 12), (v) => v.toFixed(10)), exact.map((j) => d[j]!.toFixed(10)));
  }
});

test('Barnes–Hut with theta = 0 gives the exact repulsive forces; theta = 0.5 stays close', () => {
  const random = createRandom(8);
  const n = 300;
  const y = Float64Array.from({ length: 2 * n }, () => 10 * random());
  const exactForces = new Float64Array(2 * n);
  let exactSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = y[2 * i]! - y[2 * j]!;
      const dy = y[2 * i + 1]! - y[2 * j + 1]!;
      const q = 1 / (1 + dx * dx + dy * dy);
      exactSum += q;
      exactForces[2 * i] += q * q * dx;
      exactForces[2 * i + 1] += q * q * dy;
    }
  }
  const tree = new SpacePartitioningTree(2);
  tree.build(y, n);
  for (const [theta, tolerance] of [[0, 1e-9], [0.5, 0.15]] as const) {
    const forces = new Float64Array(2 * n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += tree.nonEdgeForces(i, theta, forces, 2 * i);
    assert.ok(Math.abs(sum - exactSum) / exactSum < tolerance, `theta ${theta}: Σq ${sum} vs ${exactSum}`);
    const error = Math.hypot(...forces.map((f, s) => f - exactForces[s]!)) / Math.hypot(...exactForces);
    assert.ok(error < tolerance, `theta ${theta}: relative force error ${error}`);
  }
});

test('tSNE separates well-separated clusters (Barnes–Hut and exact), and seeds reproduce', async () => {
  const { x, labels } = blobs(240, 10, 4, 5);
  const options = { ...DEFAULTS, max_iter: 400 };
  const fit = await tsne(x, names(10), options, quietContext(3));
  assert.deepEqual(fit.componentNames, ['V1', 'V2']);
  assert.equal(knnAccuracy(rowsOfColumns(fit.transformed), 2, labels, 5), 1);
  assert.equal(fit.itercosts.length, 8, 'a cost every 50 iterations');
  assert.ok(fit.itercosts.at(-1)! < fit.itercosts[0]!, 'the KL divergence falls');
  assert.equal(fit.origD, 10);
  const again = await tsne(x, names(10), options, quietContext(3));
  assert.deepEqual(again.transformed, fit.transformed);
  const other = await tsne(x, names(10), options, quietContext(4));
  assert.notDeepEqual(other.transformed, fit.transformed);
  const exact = await tsne(x, names(10), { ...options, theta: 0 }, quietContext(3));
  assert.equal(knnAccuracy(rowsOfColumns(exact.transformed), 2, labels, 5), 1);
  const threeD = await tsne(x, names(10), { ...options, k: 3, max_iter: 100 }, quietContext(3));
  assert.equal(threeD.transformed.length, 3);
});

test('tSNE: PCA to initial_dims, and Rtsne\'s refusals', async () => {
  const { x } = blobs(120, 12, 3, 2);
  const reduced = await tsne(x, names(12), { ...DEFAULTS, initial_dims: 4, max_iter: 60 }, quietContext(1));
  assert.equal(reduced.origD, 4);
  await assert.rejects(tsne(x, names(12), { ...DEFAULTS, perplexity: 40 }, quietContext(1)), /perplexity \(40\) is too large for the number of cases \(120\)/);
  const duplicated = x.map((column) => {
    const copy = column.slice();
    copy[1] = copy[0]!;
    return copy;
  });
  await assert.rejects(tsne(duplicated, names(12), { ...DEFAULTS, max_iter: 60 }, quietContext(1)), /duplicate cases/);
  await tsne(duplicated, names(12), { ...DEFAULTS, max_iter: 60, check_duplicates: false }, quietContext(1));
  await assert.rejects(tsne(x, names(12), { ...DEFAULTS, is_distance: true }, quietContext(1)), /square distance matrix/);
  let calls = 0;
  const cancelling = { ...quietContext(1), checkpoint: async () => { if (++calls > 2) throw new Error('task cancelled'); } };
  await assert.rejects(tsne(x, names(12), DEFAULTS, cancelling), /task cancelled/);
});

test('tSNE on a distance matrix (is_distance) embeds the same clusters', async () => {
  const { x, labels } = blobs(120, 5, 3, 6);
  const rows = rowsOfColumns(x);
  const distances = Array.from({ length: 120 }, (_, j) =>
    Float64Array.from({ length: 120 }, (_, i) => Math.hypot(...Array.from({ length: 5 }, (_, c) => rows[i * 5 + c]! - rows[j * 5 + c]!))),
  );
  for (const theta of [0.5, 0]) {
    const fit = await tsne(distances, names(120), { ...DEFAULTS, is_distance: true, perplexity: 10, theta, max_iter: 600 }, quietContext(2));
    assert.equal(knnAccuracy(rowsOfColumns(fit.transformed), 2, labels, 5), 1, `theta ${theta}`);
  }
});
