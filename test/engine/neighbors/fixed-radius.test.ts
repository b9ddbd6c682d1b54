import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FixedRadiusTree, IndexBuffer } from '../../../src/engine/neighbors/fixed-radius.js';
import { createRandom } from '../../../src/engine/random.js';

/** Row-major points; integer grids make many distances land exactly on the radius. */
function points(n: number, d: number, seed: number, grid: boolean): Float64Array {
  const random = createRandom(seed);
  return Float64Array.from({ length: n * d }, () => (grid ? Math.floor(random() * 12) : random() * 10));
}

/** The neighbourhood by definition: squared distance summed in dimension order, ≤ radius². */
function bruteForce(data: Float64Array, n: number, d: number, i: number, radius2: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += (data[i * d + j]! - data[k * d + j]!) ** 2;
    if (sum <= radius2) out.push(k);
  }
  return out;
}

function query(tree: FixedRadiusTree, i: number, radius2: number, threshold = Infinity): { count: number; found: number[] } {
  const out = new IndexBuffer();
  const count = tree.query(i, radius2, threshold, out);
  return { count, found: Array.from(out.values.subarray(0, out.length)).sort((a, b) => a - b) };
}

test('neighbourhoods equal the brute-force ones, points exactly on the radius included', () => {
  for (const [n, d, grid, radius] of [
    [500, 2, true, 2],
    [400, 3, true, 3],
    [300, 5, false, 4.5],
    [50, 1, true, 1],
  ] as const) {
    const data = points(n, d, n + d, grid);
    const tree = new FixedRadiusTree(data, n, d);
    for (let i = 0; i < n; i++) {
      const expected = bruteForce(data, n, d, i, radius * radius);
      const { count, found } = query(tree, i, radius * radius);
      assert.equal(count, expected.length, `count of ${i}`);
      assert.deepEqual(found, expected, `neighbours of ${i}`);
    }
  }
});

test('marked cases are counted but not reported; a reached threshold still answers "at least"', () => {
  const n = 600;
  const d = 2;
  const data = points(n, d, 3, false);
  const tree = new FixedRadiusTree(data, n, d);
  const random = createRandom(9);
  const marked = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (random() < 0.4) {
      tree.mark(i);
      marked.add(i);
    }
  }
  for (let i = 0; i < n; i++) {
    const expected = bruteForce(data, n, d, i, 0.8 ** 2);
    const exact = query(tree, i, 0.8 ** 2);
    assert.equal(exact.count, expected.length);
    assert.deepEqual(exact.found, expected.filter((k) => !marked.has(k)));
    for (const threshold of [1, 5, 12]) {
      const capped = query(tree, i, 0.8 ** 2, threshold);
      assert.equal(capped.count >= threshold, expected.length >= threshold, `case ${i}, threshold ${threshold}`);
      if (capped.count < threshold) assert.equal(capped.count, expected.length);
      assert.deepEqual(capped.found, expected.filter((k) => !marked.has(k)), 'unmarked neighbours are all reported');
    }
  }
});

test('weighted counts sum the neighbours\' weights; identical points and a single point work', () => {
  const n = 300;
  const d = 3;
  const data = points(n, d, 4, true);
  const weights = Array.from({ length: n }, (_, i) => (i % 4) + 1);
  const tree = new FixedRadiusTree(data, n, d, weights);
  for (let i = 0; i < n; i++) {
    const expected = bruteForce(data, n, d, i, 4).reduce((sum, k) => sum + weights[k]!, 0);
    assert.equal(query(tree, i, 4).count, expected);
  }
  const same = new FixedRadiusTree(new Float64Array(40).fill(2.5), 20, 2);
  assert.equal(query(same, 7, 0).count, 20);
  const one = new FixedRadiusTree(Float64Array.from([1, 2]), 1, 2);
  assert.deepEqual(query(one, 0, 1), { count: 1, found: [0] });
});
