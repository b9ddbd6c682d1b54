import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildKdTree,
  nearestNeighbors,
  nearestNeighborsSync,
  pointsFromColumns,
  radiusNeighbors,
  radiusNeighborsSync,
  type PointSet,
} from '../../../src/engine/neighbors/index.js';
import { createRandom } from '../../../src/engine/random.js';

/** n points in d dimensions: uniform, or on a coarse integer grid so that many distances tie. */
function randomPoints(n: number, d: number, seed: number, grid = false): PointSet {
  const random = createRandom(seed);
  const data = Float64Array.from({ length: n * d }, () => (grid ? Math.floor(random() * 4) : random() * 10 - 5));
  return { data, n, d };
}

/** Σ_t |a_t − b_t|^p, summed over dimensions in order. */
function poweredSum(a: PointSet, i: number, b: PointSet, j: number, p: number): number {
  let sum = 0;
  for (let t = 0; t < a.d; t++) {
    const gap = Math.abs(a.data[i * a.d + t]! - b.data[j * b.d + t]!);
    sum += p === 2 ? gap * gap : p === 1 ? gap : gap ** p;
  }
  return sum;
}

/**
 * Every candidate of query q, nearest first: ranked on the powered sums (before the root, which
 * can round two different sums to one distance), equal sums by index.
 */
function bruteRanking(points: PointSet, queries: PointSet | null, q: number, p: number): { index: number; distance: number }[] {
  const from = queries ?? points;
  const all: { index: number; sum: number }[] = [];
  for (let i = 0; i < points.n; i++) {
    if (queries === null && i === q) continue;
    all.push({ index: i, sum: poweredSum(from, q, points, i, p) });
  }
  const root = (sum: number) => (p === 2 ? Math.sqrt(sum) : p === 1 ? sum : sum ** (1 / p));
  return all.sort((a, b) => a.sum - b.sum || a.index - b.index).map(({ index, sum }) => ({ index, distance: root(sum) }));
}

const CASES = [
  { name: 'uniform 2-D', n: 500, d: 2, grid: false },
  { name: 'uniform 7-D', n: 400, d: 7, grid: false },
  { name: 'uniform 30-D', n: 300, d: 30, grid: false },
  { name: 'integer grid 3-D (ties and duplicates)', n: 400, d: 3, grid: true },
  // From 24 dimensions (p = 1, 2) queries are searched in blocks: ties again, and a wide space.
  { name: 'integer grid 26-D (blocks, ties)', n: 300, d: 26, grid: true },
  { name: 'uniform 40-D (blocks)', n: 300, d: 40, grid: false },
];

test('k nearest neighbours equal brute force, indices and distances, for p = 1, 2 and general p', () => {
  for (const [c, spec] of CASES.entries()) {
    const points = randomPoints(spec.n, spec.d, 11 + c, spec.grid);
    const queries = randomPoints(60, spec.d, 101 + c, spec.grid);
    for (const leafSize of [1, 16]) {
      const tree = buildKdTree(points, { leafSize });
      for (const p of [2, 1, 1.5, 0.5, 3]) {
        for (const k of [1, 7, 40]) {
          const found = nearestNeighborsSync(tree, queries, k, { p });
          assert.equal(found.m, queries.n);
          for (let q = 0; q < queries.n; q++) {
            const expected = bruteRanking(points, queries, q, p).slice(0, k);
            const label = `${spec.name}, leaf ${leafSize}, p ${p}, k ${k}, query ${q}`;
            assert.deepEqual(Array.from(found.indices.subarray(q * k, q * k + k)), expected.map((e) => e.index), label);
            assert.deepEqual(Array.from(found.distances.subarray(q * k, q * k + k)), expected.map((e) => e.distance), label);
          }
        }
      }
    }
  }
});

test('self queries (queries null) exclude each point itself but keep its duplicates', () => {
  const k = 12;
  for (const d of [3, 26]) {
    // On a 4×4×4 grid 300 points hold duplicates; in 26-D, points differing in one coordinate tie.
    const points = randomPoints(300, d, 5, true);
    const tree = buildKdTree(points, { leafSize: 8 });
    for (const p of [2, 1]) {
      const found = nearestNeighborsSync(tree, null, k, { p });
      assert.equal(found.m, points.n);
      for (let q = 0; q < points.n; q++) {
        const expected = bruteRanking(points, null, q, p).slice(0, k);
        assert.deepEqual(Array.from(found.indices.subarray(q * k, q * k + k)), expected.map((e) => e.index), `d ${d}, p ${p}, query ${q}`);
        assert.deepEqual(Array.from(found.distances.subarray(q * k, q * k + k)), expected.map((e) => e.distance), `d ${d}, p ${p}, query ${q}`);
      }
      if (d === 3) assert.ok(found.distances.some((value, e) => e % k === 0 && value === 0), 'duplicates are found at distance 0');
    }
  }
  const points = randomPoints(300, 3, 5, true);
  const tree = buildKdTree(points);
  // All other points: k = n - 1 is the largest possible.
  const everyone = nearestNeighborsSync(tree, null, points.n - 1, { p: 1 });
  assert.deepEqual(
    Array.from(everyone.indices.subarray(0, points.n - 1)),
    bruteRanking(points, null, 0, 1).map((e) => e.index),
  );
});

test('radius neighbours equal brute force, including points at exactly the radius', () => {
  for (const [c, spec] of CASES.entries()) {
    const points = randomPoints(spec.n, spec.d, 31 + c, spec.grid);
    const tree = buildKdTree(points, { leafSize: 8 });
    for (const p of [2, 1, 2.5]) {
      // On the grid, radius 2 under p = 1 is reached exactly by many pairs.
      const radius = spec.grid ? 2 : spec.d <= 2 ? 0.8 : spec.d * (p === 1 ? 1.2 : 0.5);
      for (const queries of [null, randomPoints(40, spec.d, 131 + c, spec.grid)]) {
        const found = radiusNeighborsSync(tree, queries, radius, { p });
        const m = queries?.n ?? points.n;
        assert.equal(found.offsets.length, m + 1);
        for (let q = 0; q < m; q++) {
          const expected = bruteRanking(points, queries, q, p).filter((e) => e.distance <= radius);
          const from = found.offsets[q]!;
          const to = found.offsets[q + 1]!;
          const label = `${spec.name}, p ${p}, ${queries === null ? 'self' : 'external'} query ${q}`;
          assert.deepEqual(Array.from(found.indices.subarray(from, to)), expected.map((e) => e.index), label);
          assert.deepEqual(Array.from(found.distances.subarray(from, to)), expected.map((e) => e.distance), label);
        }
      }
    }
  }
  const grid = randomPoints(200, 2, 3, true);
  const onBoundary = radiusNeighborsSync(buildKdTree(grid), null, 1, { p: 1 });
  assert.ok(onBoundary.distances.some((value) => value === 1), 'grid neighbours at exactly the radius are included');
});

test('unsorted radius rows hold the same neighbours', () => {
  const points = randomPoints(300, 4, 8);
  const tree = buildKdTree(points);
  const sorted = radiusNeighborsSync(tree, null, 3);
  const unsorted = radiusNeighborsSync(tree, null, 3, { sort: false });
  assert.deepEqual(unsorted.offsets, sorted.offsets);
  for (let q = 0; q < points.n; q++) {
    const row = (r: typeof sorted) => Array.from(r.indices.subarray(r.offsets[q]!, r.offsets[q + 1]!)).sort((a, b) => a - b);
    assert.deepEqual(row(unsorted), row(sorted));
  }
});

test('paced searches return what the straight-through ones do, pause at the checkpoint, and stop when it rejects', async () => {
  // Large enough to take well over the 20 ms between checkpoints, one query at a time and in blocks.
  for (const d of [10, 30]) {
    const points = randomPoints(d === 10 ? 10_000 : 3_000, d, 21);
    const columns = Array.from({ length: d }, (_, t) => Float64Array.from({ length: points.n }, (_, i) => points.data[i * d + t]!));
    const tree = buildKdTree(pointsFromColumns(columns));
    let pauses = 0;
    const checkpoint = async () => {
      pauses++;
    };
    const paced = await nearestNeighbors(tree, null, 10, { checkpoint });
    assert.ok(pauses > 0, `d ${d}: the checkpoint was awaited`);
    const straight = nearestNeighborsSync(tree, null, 10);
    assert.deepEqual(paced.indices, straight.indices);
    assert.deepEqual(paced.distances, straight.distances);
    await assert.rejects(nearestNeighbors(tree, null, 10, { checkpoint: () => Promise.reject(new Error(`cancelled ${d}`)) }), new Error(`cancelled ${d}`));
  }
  // Radius 4 takes 130–170 ms here (1.5 took 18–45 ms, too near the interval to be sure of a pause).
  const tree = buildKdTree(randomPoints(10_000, 10, 21));
  let pauses = 0;
  const radius = await radiusNeighbors(tree, null, 4, {
    checkpoint: async () => {
      pauses++;
    },
  });
  assert.ok(pauses > 0, 'radius: the checkpoint was awaited');
  assert.deepEqual(radius, radiusNeighborsSync(tree, null, 4));

  const cancelled = new Error('cancelled');
  await assert.rejects(radiusNeighbors(tree, null, 4, { checkpoint: () => Promise.reject(cancelled) }), cancelled);
});

test('pointsFromColumns lays columns out row-major', () => {
  const points = pointsFromColumns([Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)]);
  assert.deepEqual(points, { data: Float64Array.of(1, 4, 2, 5, 3, 6), n: 3, d: 2 });
});

test('bad inputs are refused with a clear error', () => {
  const points = randomPoints(10, 2, 1);
  const tree = buildKdTree(points);
  assert.throws(() => nearestNeighborsSync(tree, points, 11), /k must be an integer from 1 to 10/);
  assert.throws(() => nearestNeighborsSync(tree, null, 10), /k must be an integer from 1 to 9/);
  assert.throws(() => nearestNeighborsSync(tree, points, 0), /k must be/);
  assert.throws(() => nearestNeighborsSync(tree, points, 2, { p: 0 }), /p must be a finite number > 0/);
  assert.throws(() => nearestNeighborsSync(tree, randomPoints(3, 3, 1), 2), /3 dimensions; the tree has 2/);
  assert.throws(() => radiusNeighborsSync(tree, null, -1), /radius must be a finite number ≥ 0/);
  assert.throws(() => buildKdTree({ data: Float64Array.of(1, NaN), n: 1, d: 2 }), /point 0 has a missing or infinite coordinate \(dimension 1\)/);
  assert.throws(() => pointsFromColumns([Float64Array.of(1, 2), Float64Array.of(1)]), /Dimension 1 holds 1 values/);
  assert.throws(() => buildKdTree(points, { leafSize: 0 }), /leafSize must be a positive integer/);
});

test('a tree of identical points and a tree of one point answer correctly', () => {
  const same: PointSet = { data: new Float64Array(100 * 3).fill(2), n: 100, d: 3 };
  const found = nearestNeighborsSync(buildKdTree(same, { leafSize: 4 }), null, 5);
  assert.deepEqual(Array.from(found.indices.subarray(0, 5)), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(found.distances.subarray(0, 5)), [0, 0, 0, 0, 0]);
  const one = buildKdTree({ data: Float64Array.of(1, 1), n: 1, d: 2 });
  const query: PointSet = { data: Float64Array.of(4, 5), n: 1, d: 2 };
  assert.deepEqual(nearestNeighborsSync(one, query, 1).distances, Float64Array.of(5));
  assert.deepEqual(radiusNeighborsSync(one, query, 4.99).offsets, Int32Array.of(0, 0));
  assert.deepEqual(radiusNeighborsSync(one, query, 5).indices, Int32Array.of(0));
});
