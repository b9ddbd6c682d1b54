import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowMatrix } from '../../../src/engine/cluster/centres.js';
import { cmeans, cmeansMethod } from '../../../src/engine/cluster/cmeans.js';
import type { CMeansConfig } from '../../../src/engine/config/types.js';
import { readCsv } from '../run/fixtures.js';
import { fitContext, samePartition, separatedClusters } from './cluster-fixtures.js';

function config(extra: Partial<CMeansConfig> = {}): CMeansConfig {
  return { k: 3, max_iter: 100, dist: 'euclidean', method: 'cmeans', m: 2, rate_par: null, weights: 1, control: [], ...extra };
}

/** Dissimilarity of case i to centre c as e1071 defines it (squared euclidean or manhattan). */
function dissimilarity(x: Float64Array[], i: number, centres: Float64Array, c: number, dist: CMeansConfig['dist']): number {
  const p = x.length;
  return x.reduce((sum, column, j) => {
    const v = column[i]! - centres[c * p + j]!;
    return sum + (dist === 'euclidean' ? v * v : Math.abs(v));
  }, 0);
}

test('cmeans: memberships follow the final centres, sum to 1, and the objective is Σ w·u^m·d', async () => {
  const { x, truth } = separatedClusters(5);
  const n = truth.length;
  for (const m of [2, 1.5, 3]) {
    const fit = await cmeans(rowMatrix(x, 'CMeans'), config({ m }), fitContext(2));
    let objective = 0;
    for (let i = 0; i < n; i++) {
      const d = [0, 1, 2].map((c) => dissimilarity(x, i, fit.centres, c, 'euclidean'));
      const raw = d.map((value) => value ** (-1 / (m - 1)));
      const total = raw.reduce((a, b) => a + b, 0);
      for (let c = 0; c < 3; c++) {
        assert.ok(Math.abs(fit.membership[i * 3 + c]! - raw[c]! / total) < 1e-12);
        objective += (1 / n) * fit.membership[i * 3 + c]! ** m * d[c]!;
      }
    }
    assert.ok(Math.abs(fit.objective - objective) / objective < 1e-12, `objective with m=${m}`);
    assert.ok(samePartition(fit.labels, truth), `hard assignment recovers the groups with m=${m}`);
    assert.ok(fit.iter < 100, 'converged');
  }
});

test('cmeans: converged centres are the u^m·w-weighted means; case weights count', async () => {
  const { x } = separatedClusters(6);
  const n = x[0]!.length;
  const weights = Array.from({ length: n }, (_, i) => 1 + (i % 5));
  const fit = await cmeans(rowMatrix(x, 'CMeans'), config({ weights, control: { reltol: 1e-14 } }), fitContext(3));
  for (let c = 0; c < 3; c++) {
    x.forEach((column, j) => {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const v = weights[i]! * fit.membership[i * 3 + c]! ** 2;
        num += v * column[i]!;
        den += v;
      }
      assert.ok(Math.abs(fit.centres[c * 3 + j]! - num / den) < 1e-6, `centre ${c} feature ${j}`);
    });
  }
});

test('manhattan centres are weighted medians (data values); ufcl recovers the groups too', async () => {
  const { x, truth } = separatedClusters(7);
  const manhattan = await cmeans(rowMatrix(x, 'CMeans'), config({ dist: 'manhattan' }), fitContext(4));
  assert.ok(samePartition(manhattan.labels, truth));
  for (let c = 0; c < 3; c++) x.forEach((column, j) => assert.ok(column.includes(manhattan.centres[c * 3 + j]!)));
  for (const dist of ['euclidean', 'manhattan'] as const) {
    const ufcl = await cmeans(rowMatrix(x, 'CMeans'), config({ method: 'ufcl', dist, rate_par: 0.5 }), fitContext(4));
    assert.ok(samePartition(ufcl.labels, truth), `ufcl ${dist}`);
  }
});

test('iris: setosa is one fuzzy cluster; the same seed gives the same fit', async () => {
  const csv = readCsv('iris');
  const x = csv.columns.slice(0, 4).map((column) => Float64Array.from(column as number[]));
  const data = { x, names: csv.names.slice(0, 4) };
  const a = await cmeansMethod.fit(data, config(), fitContext(11));
  const b = await cmeansMethod.fit(data, config(), fitContext(11));
  assert.deepEqual(a, b);
  const setosa = a.assignments[0];
  assert.ok(Array.from(a.assignments).every((label, i) => (i < 50) === (label === setosa)));
  assert.equal(a.k, 3);
  assert.deepEqual(Object.keys(a.clust), ['centers', 'size', 'membership', 'iter', 'withinerror']);
  assert.equal((a.clust.membership as number[][]).length, 150);
});

test('e1071 iteration count and refusals', async () => {
  const { x } = separatedClusters(8);
  const data = rowMatrix(x, 'CMeans');
  assert.equal((await cmeans(data, config({ max_iter: 1 }), fitContext(1))).iter, 1, 'not converged: max_iter');
  await assert.rejects(cmeans(data, config({ weights: [1, 2, 3] }), fitContext(1)), /one number or one per case \(120\); got 3/);
  await assert.rejects(cmeans(data, config({ weights: 0 }), fitContext(1)), /at least one positive/);
  const twoCases = rowMatrix([Float64Array.from([1, 1, 2])], 'CMeans');
  await assert.rejects(cmeans(twoCases, config({ k: 3 }), fitContext(1)), /more cluster centres \(3\) than distinct cases \(2\)/);
});
