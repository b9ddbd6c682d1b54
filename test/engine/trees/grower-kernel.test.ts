import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binFeatures, HISTOGRAM_SLOTS, type BinnedData } from '../../../src/engine/trees/gbdt/binning.js';
import { GrowerKernel } from '../../../src/engine/trees/gbdt/grower-kernel.js';
import { seededContext } from './load-csv.js';

/** Random numeric data with missing values, binned. */
function randomBinned(n: number, p: number, seed: number, maxBin = 255): BinnedData {
  const random = seededContext(seed).random;
  const x = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => (random() < 0.05 ? NaN : random() * 100)));
  return binFeatures(x, x.map(() => null), maxBin, 1);
}

/** The histogram of rows[start..end) over `features`, summed in row order in plain JavaScript. */
function referenceHistogram(data: BinnedData, n: number, gh: Float32Array, rows: Int32Array, start: number, end: number, features: Int32Array): Float64Array {
  const hist = new Float64Array(data.totalBins * HISTOGRAM_SLOTS);
  for (let t = start; t < end; t++) {
    const i = rows[t]!;
    for (const f of features) {
      const slot = (data.offset[f]! + data.columns[f * n + i]!) * HISTOGRAM_SLOTS;
      hist[slot] += gh[2 * i]!;
      hist[slot + 1] += gh[2 * i + 1]!;
    }
  }
  return hist;
}

for (const [label, n, p] of [
  ['16-bit codes', 700, 7],
  // 140 features of 256 bins need more than 65,536 slots: 32-bit codes.
  ['32-bit codes', 600, 140],
] as const) {
  test(`grower kernel (${label}): the same sums as JavaScript, over all features and a subset, for a range of rows`, () => {
    const data = randomBinned(n, p, 3);
    const kernel = new GrowerKernel(data, n, 2);
    const random = seededContext(9).random;
    for (let i = 0; i < 2 * n; i++) kernel.gh[i] = random() - 0.4;
    // A leaf's rows: an ascending subset in the middle of the buffer.
    const chosen = Int32Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.6);
    kernel.rows.set(chosen);
    const [start, end] = [5, chosen.length - 3];
    const all = Int32Array.from({ length: p }, (_, f) => f);
    const some = Int32Array.from([p - 1, 0, Math.floor(p / 2)]);
    for (const features of [all, some]) {
      const hist = kernel.histogram(features === all ? 0 : 1);
      hist.fill(0);
      kernel.add(hist, start, end, features);
      assert.deepEqual(hist, referenceHistogram(data, n, kernel.gh, kernel.rows, start, end, features));
    }
    // Nothing outside the subset's bins was touched.
    const hist = kernel.histogram(1);
    const touched = new Set(Array.from(some).flatMap((f) => Array.from({ length: data.features[f]!.nBins + 1 }, (_, b) => data.offset[f]! + b)));
    for (let bin = 0; bin < data.totalBins; bin++) if (!touched.has(bin)) assert.equal(hist[bin * HISTOGRAM_SLOTS], 0);
  });
}

test('grower kernel: data beyond what 32-bit memory addresses is refused with a clear error', () => {
  const p = 50;
  const features = Array.from({ length: p }, () => ({ categorical: false, nBins: 255, upper: new Float64Array(0), hasMissing: false }));
  const huge: BinnedData = { columns: new Uint8Array(0), features, offset: Int32Array.from(features, (_, j) => j * 256), totalBins: p * 256 };
  assert.throws(() => new GrowerKernel(huge, 50_000_000, 2), /needs \d+\.\d GiB, more than the 4 GiB the histogram trees can address/);
});

for (const [label, maxBin] of [
  ['8-bit bins', 255],
  ['16-bit bins', 1000],
] as const) {
  test(`grower kernel (${label}): partition keeps both sides in order, the left rows first`, () => {
    const n = 900;
    const data = randomBinned(n, 4, 5, maxBin);
    assert.equal(data.columns instanceof Uint8Array, maxBin === 255);
    const kernel = new GrowerKernel(data, n, 1);
    const random = seededContext(2).random;
    const f = 2;
    for (let b = 0; b < kernel.goesLeft.length; b++) kernel.goesLeft[b] = random() < 0.4 ? 1 : 0;
    const chosen = Int32Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.7);
    kernel.rows.set(chosen);
    const [start, end] = [10, chosen.length - 20];
    const before = kernel.rows.slice();
    const leaf = Array.from(before.subarray(start, end));
    const goesLeft = (i: number) => kernel.goesLeft[data.columns[f * n + i]!] === 1;
    const left = leaf.filter(goesLeft);
    const right = leaf.filter((i) => !goesLeft(i));
    assert.ok(left.length > 0 && right.length > 0);
    const split = kernel.partition(start, end, f);
    assert.equal(split, start + left.length);
    assert.deepEqual(Array.from(kernel.rows.subarray(start, end)), [...left, ...right]);
    // Rows outside the range are untouched.
    assert.deepEqual(kernel.rows.subarray(0, start), before.subarray(0, start));
    assert.deepEqual(kernel.rows.subarray(end), before.subarray(end));
  });
}
