/** ICA, NMF and Isomap as units: what each must recover from data whose answer is known. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { icaMethod } from '../../../src/engine/decomp/ica.js';
import { isomapMethod } from '../../../src/engine/decomp/isomap.js';
import { nmfMethod } from '../../../src/engine/decomp/nmf.js';
import { createRandom } from '../../../src/engine/random.js';

function context(seed = 1) {
  const messages: string[] = [];
  return { random: createRandom(seed), checkpoint: async () => {}, message: (text: string) => messages.push(text), messages };
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Two independent non-Gaussian sources (uniform, Laplace) mixed into three features. */
function mixture(n: number) {
  const random = createRandom(42);
  const uniform = Float64Array.from({ length: n }, () => random() * 2 - 1);
  const laplace = Float64Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1) * Math.log(1 - random()));
  const mixing = [
    [1, 0.5],
    [0.3, 1],
    [0.8, -0.6],
  ];
  const x = mixing.map(([a, b]) => Float64Array.from({ length: n }, (_, i) => a! * uniform[i]! + b! * laplace[i]! + 3));
  return { sources: [uniform, laplace], x, names: ['f1', 'f2', 'f3'] };
}

for (const type of ['parallel', 'deflation'] as const) {
  test(`ICA (${type}) recovers independent sources from a linear mixture`, async () => {
    const { sources, x, names } = mixture(2000);
    const settings = { k: 2, type, fun: 'logcosh' as const, alpha: 1, row_norm: false, maxit: 200, tol: 1e-6 };
    const fit = await icaMethod.fit({ x, names }, settings, context());
    for (const source of sources) {
      const best = Math.max(...fit.transformed.map((component) => Math.abs(correlation(component, source))));
      assert.ok(best > 0.99, `a component matches the source (|r| = ${best})`);
    }
    // Two sources span the three features: the mixing matrix rebuilds them exactly.
    fit.reconstructed!.forEach((column, j) => column.forEach((value, i) => assert.ok(Math.abs(value - x[j]![i]!) < 1e-8)));
    const again = await fit.transform!(x, context());
    again.forEach((column, c) => column.forEach((value, i) => assert.ok(Math.abs(value - fit.transformed[c]![i]!) < 1e-9)));
  });
}

test('ICA with row_norm: the same seed reproduces, loadings are components × features', async () => {
  const { x, names } = mixture(300);
  const settings = { k: 2, type: 'parallel' as const, fun: 'exp' as const, alpha: 1, row_norm: true, maxit: 100, tol: 1e-4 };
  const a = await icaMethod.fit({ x, names }, settings, context(7));
  const b = await icaMethod.fit({ x, names }, settings, context(7));
  assert.deepEqual(a.transformed, b.transformed);
  assert.equal(a.loadings!.length, 2);
  assert.equal(a.loadings![0]!.length, 3);
  assert.deepEqual(a.componentNames, ['ICA_1', 'ICA_2']);
});

test('NMF factorises non-negative low-rank data and refuses negative values', async () => {
  const random = createRandom(3);
  const n = 120;
  const basis = [Float64Array.from([1, 0, 2, 0.5, 0]), Float64Array.from([0, 1, 0.2, 1, 3])];
  const coef = basis.map(() => Float64Array.from({ length: n }, () => random() * 5));
  const x = Array.from({ length: basis[0]!.length }, (_, j) => Float64Array.from({ length: n }, (_, i) => basis[0]![j]! * coef[0]![i]! + basis[1]![j]! * coef[1]![i]!));
  const names = x.map((_, j) => `v${j + 1}`);
  const fit = await nmfMethod.fit({ x, names }, { k: 2, method: 'brunet', nrun: 2 }, context());
  let residual = 0;
  let total = 0;
  x.forEach((column, j) => column.forEach((value, i) => {
    residual += (value - fit.reconstructed![j]![i]!) ** 2;
    total += value * value;
  }));
  assert.ok(Math.sqrt(residual / total) < 0.01, `relative error ${Math.sqrt(residual / total)}`);
  for (const column of fit.transformed) assert.ok(column.every((value) => value >= 0), 'scores are non-negative');
  for (const column of fit.loadings!) assert.ok(column.every((value) => value >= 0), 'the basis is non-negative');

  const negative = x.map((column, j) => (j === 2 ? column.map((v) => v - 100) : column));
  await assert.rejects(nmfMethod.fit({ x: negative, names }, { k: 2, method: 'brunet', nrun: 1 }, context()), /non-negative data.*v3/);
});

test('Isomap unrolls a curve: the first axis follows arc length; nsd 0 is classical scaling', async () => {
  // A half circle: Euclidean distances shortcut the arc, geodesic ones follow it.
  const n = 80;
  const t = Float64Array.from({ length: n }, (_, i) => (Math.PI * i) / (n - 1));
  const x = [t.map(Math.cos), t.map(Math.sin)];
  const fit = await isomapMethod.fit({ x, names: ['a', 'b'] }, { k: 1, dist_method: 'euclidean', nsd: 4, path: 'shortest' }, context());
  assert.ok(Math.abs(correlation(fit.transformed[0]!, t)) > 0.999);
  const axis = fit.transformed[0]!;
  const span = Math.abs(axis[n - 1]! - axis[0]!);
  assert.ok(Math.abs(span - Math.PI) < 0.05, `geodesic span ${span} ≈ π`);

  const flat = await isomapMethod.fit({ x, names: ['a', 'b'] }, { k: 2, dist_method: 'euclidean', nsd: 0, path: 'shortest' }, context());
  // Classical scaling of Euclidean distances keeps every pairwise distance.
  for (const [a, b] of [[0, 40], [5, 70], [20, 21]] as const) {
    const original = Math.hypot(x[0]![a]! - x[0]![b]!, x[1]![a]! - x[1]![b]!);
    const embedded = Math.hypot(flat.transformed[0]![a]! - flat.transformed[0]![b]!, flat.transformed[1]![a]! - flat.transformed[1]![b]!);
    assert.ok(Math.abs(original - embedded) < 1e-8);
  }
  const extended = await isomapMethod.fit({ x, names: ['a', 'b'] }, { k: 1, dist_method: 'manhattan', nsd: 4, path: 'extended' }, context());
  assert.ok(Math.abs(correlation(extended.transformed[0]!, t)) > 0.99);
});

test('Isomap refuses fragmented data, and the subspace solver agrees with the dense one', async () => {
  const twoClumps = [Float64Array.from([0, 0.1, 0.2, 10, 10.1, 10.2]), Float64Array.from([0, 0.1, 0, 0, 0.1, 0])];
  await assert.rejects(isomapMethod.fit({ x: twoClumps, names: ['a', 'b'] }, { k: 2, dist_method: 'euclidean', nsd: 2, path: 'shortest' }, context()), /fragmented/);

  // Above the dense limit the leading axes come from subspace iteration: distances are kept all the same.
  const random = createRandom(9);
  const n = 700;
  const x = [Float64Array.from({ length: n }, () => random() * 10), Float64Array.from({ length: n }, () => random() * 3)];
  const fit = await isomapMethod.fit({ x, names: ['a', 'b'] }, { k: 2, dist_method: 'euclidean', nsd: 0, path: 'shortest' }, context());
  for (const [a, b] of [[0, 1], [10, 600], [300, 699]] as const) {
    const original = Math.hypot(x[0]![a]! - x[0]![b]!, x[1]![a]! - x[1]![b]!);
    const embedded = Math.hypot(fit.transformed[0]![a]! - fit.transformed[0]![b]!, fit.transformed[1]![a]! - fit.transformed[1]![b]!);
    assert.ok(Math.abs(original - embedded) < 1e-6, `${original} vs ${embedded}`);
  }
});
