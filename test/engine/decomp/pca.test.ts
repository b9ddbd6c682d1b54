import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decompositionMetricsJson } from '../../../src/engine/decomp/metrics.js';
import { pca } from '../../../src/engine/decomp/pca.js';
import { loadDataset, readReferenceCsv, readReferenceJson } from '../data/fixtures.js';

const close = (actual: number | null | undefined, expected: number, tolerance: number, label = '') =>
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance, `${label} ${actual} vs ${expected}`);

const iris = loadDataset('iris');
const measures = iris.columns.slice(0, 4);
const x = measures.map((column) => column.values);
const names = measures.map((column) => column.name);

test('PCA k=2 on iris reproduces the reference decomposition metrics', () => {
  const fit = pca(x, names, { k: 2, center: true, scale: true, tol: null });
  const reference = readReferenceJson('pca', 'summary.json').metrics;
  const json = decompositionMetricsJson(fit.metrics) as any;
  assert.deepEqual(Object.keys(json), Object.keys(reference));
  const row = json.metrics[0];
  assert.deepEqual(Object.keys(row), Object.keys(reference.metrics[0]));
  for (const key of ['explained_variance_ratio', 'relative_reconstruction_error', 'reconstruction_rmse', 'effective_dimensionality']) {
    close(row[key], reference.metrics[0][key], 6e-5, key);
  }
  // Scores of distinct components are uncorrelated (reference: 6.4e-16).
  assert.ok(row.max_abs_component_correlation < 1e-10);
  for (const key of ['oos_explained_variance_ratio', 'oos_relative_reconstruction_error', 'reconstruction_gap']) assert.equal(row[key], null);
});

test('PCA loadings and scores match prcomp up to the sign of each component', () => {
  const fit = pca(x, names, { k: 2, center: true, scale: true, tol: null });
  assert.deepEqual(fit.componentNames, ['PC1', 'PC2']);
  const loadings = readReferenceCsv('pca', 'loadings.csv');
  const scores = readReferenceCsv('pca', 'transformed_head.csv');
  fit.rotation.forEach((weights, c) => {
    const sign = Math.sign(weights[0]!) === Math.sign(Number(loadings.rows[0]![2 + c])) ? 1 : -1;
    loadings.rows.forEach((row, j) => {
      assert.equal(row[1], names[j]);
      close(sign * weights[j]!, Number(row[2 + c]), 1e-9, `loading ${row[1]} PC${c + 1}`);
    });
    scores.rows.forEach((row, i) => close(sign * fit.transformed[c]![i]!, Number(row[1 + c]), 1e-9, `score ${i} PC${c + 1}`));
  });
  // Applying the fit to the training cases gives the same scores.
  const again = fit.apply(x);
  again.forEach((scoresOfComponent, c) => scoresOfComponent.forEach((value, i) => close(value, fit.transformed[c]![i]!, 1e-12)));
});

test('PCA: tol drops weak components, k = 1 has no component correlation, missing values are refused', () => {
  const all = pca(x, names, { k: 4, center: true, scale: true, tol: null });
  const tolerant = pca(x, names, { k: 4, center: true, scale: true, tol: (all.sdev[2]! + all.sdev[1]!) / 2 / all.sdev[0]! });
  assert.equal(tolerant.rotation.length, 2);
  assert.equal(pca(x, names, { k: 1, center: true, scale: false, tol: null }).metrics.max_abs_component_correlation, null);
  // With every component kept, the reconstruction is exact.
  close(all.metrics.explained_variance_ratio, 1, 1e-12);
  const holed = x.map((column) => Float64Array.from(column));
  holed[1]![3] = NaN;
  assert.throws(() => pca(holed, names, { k: 2, center: true, scale: true, tol: null }), /missing values/);
});
