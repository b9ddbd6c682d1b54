/**
 * A k-d tree over a point set: median splits on the dimension of widest spread and leaves of at
 * most `leafSize` points. Each split keeps the gap between its children along the split
 * dimension (the largest coordinate on the left, the smallest on the right), so a search can
 * bound the distance to a node incrementally, one dimension per level, under any Minkowski
 * power (nanoflann's scheme). The points are copied in tree order (each node's points are
 * contiguous), which keeps leaf scans in cache.
 */
import { checkPoints, type PointSet } from './points.js';

export interface KdTree {
  readonly n: number;
  readonly d: number;
  /** The points in tree order, row-major (`n × d`). */
  readonly data: Float64Array;
  /** Index in the input point set of the point at each tree position. */
  readonly order: Int32Array;
  /** Per node: its points are tree positions `start[node]` … `end[node] - 1`. */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Per node: child nodes, or -1 for a leaf (both or neither). Node 0 is the root. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Per internal node: the split dimension, the left child's largest and the right child's smallest coordinate on it. */
  readonly splitDimension: Int32Array;
  readonly leftMax: Float64Array;
  readonly rightMin: Float64Array;
  /** The bounding box of all points, `d` values each. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Number of nodes on the longest root-to-leaf path. */
  readonly depth: number;
}

export interface KdTreeOptions {
  /** Most points in a leaf (default 32). */
  leafSize?: number;
}

export const DEFAULT_LEAF_SIZE = 32;

export function buildKdTree(points: PointSet, options: KdTreeOptions = {}): KdTree {
  checkPoints(points, 'k-d tree points');
  const leafSize = options.leafSize ?? DEFAULT_LEAF_SIZE;
  if (!Number.isInteger(leafSize) || leafSize < 1) throw new RangeError(`leafSize must be a positive integer; got ${leafSize}.`);
  const { n, d, data: input } = points;

  const capacity = nodeCount(n, leafSize);
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const splitDimension = new Int32Array(capacity).fill(-1);
  const leftMax = new Float64Array(capacity);
  const rightMin = new Float64Array(capacity);
  const lower = new Float64Array(d).fill(Infinity);
  const upper = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n * d; i++) {
    const value = input[i]!;
    const t = i % d;
    if (value < lower[t]!) lower[t] = value;
    if (value > upper[t]!) upper[t] = value;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;

  let used = 0;
  let depth = 0;
  const grow = (from: number, to: number, level: number): number => {
    const node = used++;
    start[node] = from;
    end[node] = to;
    depth = Math.max(depth, level);
    if (to - from <= leafSize) return node;
    const widest = widestDimension(order, input, d, from, to);
    // A node of identical points stays a leaf whatever its size: no split could separate them.
    if (widest < 0) return node;
    const middle = from + ((to - from) >> 1);
    selectByCoordinate(order, input, d, widest, from, to - 1, middle);
    splitDimension[node] = widest;
    leftMax[node] = extreme(order, input, d, widest, from, middle, Math.max);
    rightMin[node] = extreme(order, input, d, widest, middle, to, Math.min);
    left[node] = grow(from, middle, level + 1);
    right[node] = grow(middle, to, level + 1);
    return node;
  };
  if (n > 0) grow(0, n, 1);

  const data = new Float64Array(n * d);
  for (let position = 0; position < n; position++) {
    const source = order[position]! * d;
    data.set(input.subarray(source, source + d), position * d);
  }
  return { n, d, data, order, start, end, left, right, splitDimension, leftMax, rightMin, lower, upper, depth };
}

/** The dimension along which points `order[from..to)` spread most, or -1 when they are all equal. */
function widestDimension(order: Int32Array, input: Float64Array, d: number, from: number, to: number): number {
  let widest = -1;
  let spread = 0;
  for (let t = 0; t < d; t++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const value = input[order[i]! * d + t]!;
      if (value < lo) lo = value;
      if (value > hi) hi = value;
    }
    if (hi - lo > spread) {
      spread = hi - lo;
      widest = t;
    }
  }
  return widest;
}

function extreme(order: Int32Array, input: Float64Array, d: number, t: number, from: number, to: number, pick: (a: number, b: number) => number): number {
  let value = input[order[from]! * d + t]!;
  for (let i = from + 1; i < to; i++) value = pick(value, input[order[i]! * d + t]!);
  return value;
}

/** Nodes a tree of `n` points can have: split in halves until a part fits in a leaf. */
function nodeCount(n: number, leafSize: number): number {
  if (n === 0) return 1;
  if (n <= leafSize) return 1;
  const half = n >> 1;
  return 1 + nodeCount(half, leafSize) + nodeCount(n - half, leafSize);
}

/**
 * Reorders `order[lo..hi]` so the point at `k` has the k-th smallest coordinate `t` and no point
 * before it a larger one (Hoare's selection with a median-of-three pivot; many equal
 * coordinates still split evenly).
 */
function selectByCoordinate(order: Int32Array, data: Float64Array, d: number, t: number, lo: number, hi: number, k: number): void {
  const key = (i: number) => data[order[i]! * d + t]!;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    const a = key(lo);
    const b = key(mid);
    const c = key(hi);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key(i) < pivot) i++;
      while (key(j) > pivot) j--;
      if (i <= j) {
        const held = order[i]!;
        order[i] = order[j]!;
        order[j] = held;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}
