/**
 * Exact euclidean k-nearest neighbours by a vantage-point tree, as Rtsne (bhtsne vptree.h)
 * finds each case's 3·perplexity neighbours: a random vantage point per node, the other
 * points split at the median distance to it, and a search that prunes with the triangle
 * inequality against the current k-th distance.
 */
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';

export interface NearestNeighbors {
  k: number;
  /** indices[i*k + s]: the s-th nearest other case of case i (ascending distance). */
  indices: Int32Array;
  /** Euclidean distances matching `indices`. */
  distances: Float64Array;
}

export async function vantagePointNeighbors(rows: Float64Array, n: number, p: number, k: number, random: FastRandom, pacer: Pacer): Promise<NearestNeighbors> {
  const distance = (a: number, b: number): number => {
    let sum = 0;
    const ao = a * p;
    const bo = b * p;
    for (let d = 0; d < p; d++) {
      const diff = rows[ao + d]! - rows[bo + d]!;
      sum += diff * diff;
    }
    return Math.sqrt(sum);
  };
  // Node v covers items[v..): vantage point items[v]; inside [v+1, median) / outside [median, upper).
  const items = Int32Array.from({ length: n }, (_, i) => i);
  const threshold = new Float64Array(n);
  const left = new Int32Array(n).fill(-1);
  const right = new Int32Array(n).fill(-1);
  const scratch = new Float64Array(n);
  const build = (lower: number, upper: number): number => {
    if (upper === lower) return -1;
    if (upper - lower > 1) {
      const pick = lower + random.nextInt(upper - lower);
      swap(items, lower, pick);
      const median = (upper + lower) >> 1;
      const vantage = items[lower]!;
      for (let s = lower + 1; s < upper; s++) scratch[s] = distance(vantage, items[s]!);
      select(items, scratch, lower + 1, upper - 1, median);
      threshold[lower] = scratch[median]!;
      left[lower] = build(lower + 1, median);
      right[lower] = build(median, upper);
    }
    return lower;
  };
  build(0, n);

  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  const heapIndex = new Int32Array(k);
  const heapDistance = new Float64Array(k);
  let size = 0;
  let tau = Infinity;
  let query = 0;
  const search = (node: number): void => {
    if (node < 0) return;
    const item = items[node]!;
    const dist = distance(item, query);
    if (dist < tau && item !== query) {
      size = pushBounded(heapIndex, heapDistance, size, k, item, dist);
      if (size === k) tau = heapDistance[0]!;
    }
    if (left[node]! < 0 && right[node]! < 0) return;
    const t = threshold[node]!;
    if (dist < t) {
      if (dist - tau <= t) search(left[node]!);
      if (dist + tau >= t) search(right[node]!);
    } else {
      if (dist + tau >= t) search(right[node]!);
      if (dist - tau <= t) search(left[node]!);
    }
  };
  for (query = 0; query < n; query++) {
    size = 0;
    tau = Infinity;
    search(0);
    // Pop the max-heap from the back: ascending order.
    for (let s = size - 1; s >= 0; s--) {
      indices[query * k + s] = heapIndex[0]!;
      distances[query * k + s] = heapDistance[0]!;
      size = popMax(heapIndex, heapDistance, size);
    }
    if (pacer.due()) await pacer.checkpoint();
  }
  return { k, indices, distances };
}

function swap(items: Int32Array, a: number, b: number): void {
  const held = items[a]!;
  items[a] = items[b]!;
  items[b] = held;
}

/** Quickselect on [lo, hi] (inclusive) by key, moving items along, so position `nth` holds its order statistic. */
function select(items: Int32Array, key: Float64Array, lo: number, hi: number, nth: number): void {
  while (hi > lo) {
    const pivot = key[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (key[i]! < pivot) i++;
      while (key[j]! > pivot) j--;
      if (i <= j) {
        const heldKey = key[i]!;
        key[i] = key[j]!;
        key[j] = heldKey;
        swap(items, i, j);
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

/** Pushes into a max-heap bounded at `capacity` (dropping the largest when full); returns the new size. */
function pushBounded(index: Int32Array, distance: Float64Array, size: number, capacity: number, item: number, d: number): number {
  if (size === capacity) {
    if (!(d < distance[0]!)) return size;
    size = popMax(index, distance, size);
  }
  let pos = size;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    if (distance[parent]! >= d) break;
    index[pos] = index[parent]!;
    distance[pos] = distance[parent]!;
    pos = parent;
  }
  index[pos] = item;
  distance[pos] = d;
  return size + 1;
}

function popMax(index: Int32Array, distance: Float64Array, size: number): number {
  const last = size - 1;
  const item = index[last]!;
  const d = distance[last]!;
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= last) break;
    const r = l + 1;
    const child = r < last && distance[r]! > distance[l]! ? r : l;
    if (distance[child]! <= d) break;
    index[pos] = index[child]!;
    distance[pos] = distance[child]!;
    pos = child;
  }
  if (last > 0) {
    index[pos] = item;
    distance[pos] = d;
  }
  return last;
}
