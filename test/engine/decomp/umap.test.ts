import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Pacer } from '../../../src/engine/decomp/embedding-context.js';
import { FastRandom } from '../../../src/engine/decomp/fast-random.js';
import { fitCurveParameters } from '../../../src/engine/decomp/umap/curve-parameters.js';
import { fuzzyUnion, smoothKnn } from '../../../src/engine/decomp/umap/fuzzy-set.js';
import { prepareMetric } from '../../../src/engine/decomp/umap/metric.js';
import { neighborGraph } from '../../../src/engine/decomp/umap/nearest-neighbors.js';
import { sortHeaps } from '../../../src/engine/decomp/umap/neighbor-heap.js';
import { nnDescent } from '../../../src/engine/decomp/umap/nn-descent.js';
import { spectralLayout, topEigenvectors } from '../../../src/engine/decomp/umap/spectral-init.js';
import { umap, type UMAPOptions } from '../../../src/engine/decomp/umap/umap.js';
import { createRandom } from '../../../src/engine/random.js';
import { knnAccuracy } from '../../support/embedding-quality.js';
import { blobs, names, quietContext, rowsOfColumns } from './embedding-fixtures.js';

const DEFAULTS: UMAPOptions = { k: 2, n_neighbors: 15, init: 'spectral', metric: 'euclidean', n_epochs: null, learning_rate: 1, scale: true };
const pacer = () => new Pacer(quietContext(1));

test('a and b fitted from min_dist 0.01 and spread 1 are uwot\'s (a = 1.896, b = 0.8006)', () => {
  const { a, b } = fitCurveParameters(1, 0.01);
  assert.ok(Math.abs(a - 1.896) < 1e-3, `a ${a}`);
  assert.ok(Math.abs(b - 0.8006) < 1e-4, `b ${b}`);
  // The Python UMAP defaults (min_dist 0.1): a ≈ 1.577, b ≈ 0.895.
  const python = fitCurveParameters(1, 0.1);
  assert.ok(Math.abs(python.a - 1.577) < 2e-3 && Math.abs(python.b - 0.895) < 2e-3, `${python.a} ${python.b}`);
});

test('smooth kNN calibration: memberships of each case sum to log2(k) and the fuzzy union is symmetric', async () => {
  const { x } = blobs(300, 5, 3, 11);
  const rows = rowsOfColumns(x);
  const metric = prepareMetric('euclidean', rows, 5);
  const graph = await neighborGraph(metric, 300, 15, new FastRandom(createRandom(1)), pacer());
  for (let i = 0; i < 300; i++) assert.equal(graph.indices[i * 15], i, 'the case itself comes first');
  const { weights, rhos } = smoothKnn(graph, 1, true);
  for (let i = 0; i < 300; i++) {
    let sum = 0;
    for (let s = 1; s < 15; s++) sum += weights[i * 15 + s]!;
    assert.ok(Math.abs(sum - Math.log2(15)) < 1e-4, `case ${i}: ${sum}`);
    assert.equal(rhos[i], graph.distances[i * 15 + 1], 'rho is the nearest neighbour distance');
  }
  const union = fuzzyUnion(graph, weights);
  const entry = (i: number, j: number) => {
    for (let s = union.rowPtr[i]!; s < union.rowPtr[i + 1]!; s++) if (union.cols[s] === j) return union.vals[s]!;
    return 0;
  };
  for (let i = 0; i < 300; i++) {
    for (let s = union.rowPtr[i]!; s < union.rowPtr[i + 1]!; s++) {
      const j = union.cols[s]!;
      assert.notEqual(i, j);
      assert.ok(union.vals[s]! > 0 && union.vals[s]! <= 1);
      assert.equal(entry(j, i), union.vals[s]);
    }
  }
});

test('NN-descent finds at least 95% of the exact 10 nearest neighbours', async () => {
  const { x } = blobs(3000, 12, 6, 3);
  const rows = rowsOfColumns(x);
  const metric = prepareMetric('euclidean', rows, 12);
  const approximate = await nnDescent(metric, 3000, 10, new FastRandom(createRandom(2)), pacer());
  sortHeaps(approximate);
  let found = 0;
  const distances = new Float64Array(3000);
  for (let i = 0; i < 3000; i += 10) {
    for (let j = 0; j < 3000; j++) distances[j] = j === i ? Infinity : metric.reduced(rows, i, rows, j);
    const exact = new Set(Array.from(distances.keys()).sort((a, b) => distances[a]! - distances[b]!).slice(0, 10));
    for (let s = 0; s < 10; s++) if (exact.has(approximate.indices[i * 10 + s]!)) found++;
  }
  assert.ok(found / (300 * 10) >= 0.95, `recall ${found / 3000}`);
});

test('restarted Lanczos finds the same top eigenvectors as a dense decomposition', async () => {
  const n = 60;
  const random = createRandom(5);
  const b = Matrix.rand(n, n, { random });
  const a = b.mmul(b.transpose());
  const dense = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const order = dense.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value);
  const top = Float64Array.from({ length: n }, (_, i) => dense.eigenvectorMatrix.get(i, order[0]!.index));
  const multiply = (v: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += a.get(i, j) * v[j]!;
      out[i] = sum;
    }
  };
  // Deflating the top eigenvector leaves the 2nd and 3rd.
  const vectors = await topEigenvectors(multiply, n, 2, top, new FastRandom(random), pacer());
  for (let c = 0; c < 2; c++) {
    const expected = Float64Array.from({ length: n }, (_, i) => dense.eigenvectorMatrix.get(i, order[c + 1]!.index));
    const dot = vectors[c]!.reduce((sum, value, i) => sum + value * expected[i]!, 0);
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-6, `eigenvector ${c + 2}: |cos| = ${Math.abs(dot)}`);
  }
});

test('spectral initialisation of a ring graph lays the ring out as a circle, largest coordinate 10', async () => {
  const n = 200;
  const rowPtr = Int32Array.from({ length: n + 1 }, (_, i) => 2 * i);
  const cols = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    cols[2 * i] = Math.min((i + n - 1) % n, (i + 1) % n);
    cols[2 * i + 1] = Math.max((i + n - 1) % n, (i + 1) % n);
  }
  const coords = await spectralLayout({ n, rowPtr, cols, vals: new Float64Array(2 * n).fill(1) }, 2, new FastRandom(createRandom(3)), pacer());
  const radii = Array.from({ length: n }, (_, i) => Math.hypot(coords[2 * i]!, coords[2 * i + 1]!));
  const mean = radii.reduce((s, r) => s + r, 0) / n;
  assert.ok(radii.every((r) => Math.abs(r - mean) < 0.01 * mean), 'all points at the same radius');
  assert.ok(Math.abs(Math.max(...Array.from(coords, Math.abs)) - 10) < 1e-3);
});

test('UMAP separates well-separated clusters, and the same seed reproduces the embedding', async () => {
  const { x, labels } = blobs(400, 8, 4, 21);
  const fit = await umap(x, names(8), DEFAULTS, quietContext(7));
  assert.deepEqual(fit.componentNames, ['V1', 'V2']);
  assert.equal(fit.nEpochs, 500, 'uwot: 500 epochs up to 10,000 cases');
  assert.equal(fit.initUsed, 'spca', 'four separate blobs: disconnected graph, scaled PCA start as uwot');
  const embedding = rowsOfColumns(fit.transformed);
  assert.equal(knnAccuracy(embedding, 2, labels, 5), 1);
  for (const column of fit.transformed) assert.ok(Math.abs(column.reduce((s, v) => s + v, 0) / column.length) < 1e-9, 'centred');
  const again = await umap(x, names(8), DEFAULTS, quietContext(7));
  assert.deepEqual(again.transformed, fit.transformed);
  const other = await umap(x, names(8), DEFAULTS, quietContext(8));
  assert.notDeepEqual(other.transformed, fit.transformed);
});

test('UMAP on one connected manifold starts from the spectral layout; every metric and init runs', async () => {
  // A noisy circle in 3-D: connected, so the spectral start is used.
  const n = 300;
  const random = createRandom(4);
  const angle = Float64Array.from({ length: n }, (_, i) => (2 * Math.PI * i) / n);
  const x = [angle.map((t) => Math.cos(t) + 0.01 * random()), angle.map((t) => Math.sin(t) + 0.01 * random()), angle.map(() => 0.01 * random())];
  for (const metric of ['euclidean', 'cosine', 'manhattan'] as const) {
    const fit = await umap(x, names(3), { ...DEFAULTS, metric, n_epochs: 50 }, quietContext(1));
    assert.equal(fit.initUsed, 'spectral', metric);
    assert.ok(fit.transformed.every((column) => column.every(Number.isFinite)));
  }
  for (const init of ['normlaplacian', 'laplacian', 'random', 'lvrandom', 'pca', 'spca'] as const) {
    const fit = await umap(x, names(3), { ...DEFAULTS, init, n_epochs: 20 }, quietContext(1));
    assert.equal(fit.initUsed, init);
    assert.ok(fit.transformed.every((column) => column.every(Number.isFinite)), init);
  }
  const codes = [Float64Array.from({ length: 60 }, (_, i) => i % 3), Float64Array.from({ length: 60 }, (_, i) => i % 4), Float64Array.from({ length: 60 }, (_, i) => i % 5)];
  for (const metric of ['hamming', 'categorical'] as const) {
    const fit = await umap(codes, names(3), { ...DEFAULTS, metric, n_epochs: 20, init: 'random' }, quietContext(1));
    assert.ok(fit.transformed.every((column) => column.every(Number.isFinite)), metric);
  }
});

test('UMAP transform puts new cases next to the training cases of their cluster', async () => {
  const train = blobs(300, 6, 3, 31);
  const fresh = blobs(60, 6, 3, 32);
  const fit = await umap(train.x, names(6), DEFAULTS, quietContext(9));
  const embedded = await fit.transform(fresh.x, quietContext(10));
  assert.equal(embedded.length, 2);
  assert.equal(embedded[0]!.length, 60);
  const trainRows = rowsOfColumns(fit.transformed);
  const newRows = rowsOfColumns(embedded);
  let correct = 0;
  for (let i = 0; i < 60; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let j = 0; j < 300; j++) {
      const d = (newRows[2 * i]! - trainRows[2 * j]!) ** 2 + (newRows[2 * i + 1]! - trainRows[2 * j + 1]!) ** 2;
      if (d < bestDistance) [best, bestDistance] = [j, d];
    }
    if (train.labels[best] === fresh.labels[i]) correct++;
  }
  assert.equal(correct, 60);
  const again = await fit.transform(fresh.x, quietContext(10));
  assert.deepEqual(again, embedded, 'transform is seeded too');
  await assert.rejects(fit.transform(fresh.x.slice(0, 5), quietContext(1)), /expects 6 features/);
});

test('UMAP refuses missing values and too many neighbours, and stops when cancelled', async () => {
  const { x } = blobs(40, 3, 2, 1);
  await assert.rejects(umap(x, names(3), { ...DEFAULTS, n_neighbors: 41 }, quietContext(1)), /n_neighbors \(41\) must not exceed the number of cases \(40\)/);
  const missing = x.map((column) => column.slice());
  missing[1]![5] = NaN;
  await assert.rejects(umap(missing, names(3), DEFAULTS, quietContext(1)), /missing values \(feature x2\)/);
  const constant = [new Float64Array(40).fill(1), new Float64Array(40).fill(2)];
  await assert.rejects(umap(constant, names(2), DEFAULTS, quietContext(1)), /zero variance/);
  let calls = 0;
  const cancelling = { ...quietContext(1), checkpoint: async () => { if (++calls > 1) throw new Error('task cancelled'); } };
  await assert.rejects(umap(blobs(300, 4, 2, 1).x, names(4), DEFAULTS, cancelling), /task cancelled/);
});
