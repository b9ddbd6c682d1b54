/**
 * Fixed-radius neighbour search for DBSCAN: a k-d tree over the cases, queried one case at
 * a time so a caller can walk a neighbourhood without storing every neighbourhood (memory
 * stays O(n) however dense the data). Squared euclidean distances are summed over the
 * dimensions in order and a point is a neighbour when that sum is ≤ radius² — exactly
 * the test of ANN's fixed-radius search that the R package dbscan uses, so neighbourhoods
 * agree to the last bit.
 *
 * Nodes whose bounding box lies outside the ball are skipped; nodes whose box lies inside
 * it contribute all their points without a distance computation (every point's distance
 * is at most the box corner's, rounding included, since subtraction, squaring and summing
 * are monotone in floating point).
 */

/** Leaf size: small leaves prune well in the low dimensions DBSCAN is used in. */
const LEAF_SIZE = 12;

/** A growable list of case indices, reused between queries. */
export class IndexBuffer {
  values = new Int32Array(256);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** Appends order[from..to). */
  pushRange(order: Int32Array, from: number, to: number): void {
    const needed = this.length + (to - from);
    if (needed > this.values.length) {
      let capacity = this.values.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = new Int32Array(capacity);
      grown.set(this.values.subarray(0, this.length));
      this.values = grown;
    }
    this.values.set(order.subarray(from, to), this.length);
    this.length = needed;
  }
}

export class FixedRadiusTree {
  /** Case indices, grouped so each node's cases are order[start..end). */
  private readonly order: Int32Array;
  /** Coordinates in `order` (row-major), so leaves are read contiguously. */
  private readonly points: Float64Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Children (−1 for leaves). */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** Node bounding boxes, node-major: lower[node * d + j]. */
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly stack: Int32Array;

  /** `data` row-major n × d, all finite. */
  constructor(
    private readonly data: Float64Array,
    readonly n: number,
    readonly d: number,
  ) {
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    // Median splits leave at least LEAF_SIZE / 2 cases per leaf, so at most 2n / LEAF_SIZE + 1 leaves.
    const capacity = 2 * (Math.ceil((2 * n) / LEAF_SIZE) + 1);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.lower = new Float64Array(capacity * d);
    this.upper = new Float64Array(capacity * d);
    let nodes = 0;
    // Iterative build: (node, start, end) work list.
    const pending: number[] = [];
    const root = nodes++;
    pending.push(root, 0, n);
    while (pending.length > 0) {
      const to = pending.pop()!;
      const from = pending.pop()!;
      const node = pending.pop()!;
      this.start[node] = from;
      this.end[node] = to;
      const widest = this.fitBox(node, from, to);
      if (to - from <= LEAF_SIZE || widest.spread === 0) continue;
      const middle = (from + to) >> 1;
      this.select(from, to, middle, widest.dimension);
      const a = nodes++;
      const b = nodes++;
      this.left[node] = a;
      this.right[node] = b;
      pending.push(a, from, middle, b, middle, to);
    }
    this.points = new Float64Array(n * d);
    for (let r = 0; r < n; r++) this.points.set(data.subarray(this.order[r]! * d, this.order[r]! * d + d), r * d);
    this.stack = new Int32Array(Math.max(64, nodes));
  }

  /**
   * Appends to `out` every case within `radius2` (squared) of case `query`, itself
   * included; returns how many were appended. Order is the tree's, not by distance.
   */
  neighbours(query: number, radius2: number, out: IndexBuffer): number {
    const { d, points, order, lower, upper, stack } = this;
    const q = query * d;
    const data = this.data;
    const before = out.length;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      // Squared distance from the query to the box (near) and to its farthest corner (far).
      let near = 0;
      let far = 0;
      const box = node * d;
      for (let j = 0; j < d; j++) {
        const x = data[q + j]!;
        const lo = lower[box + j]!;
        const hi = upper[box + j]!;
        const below = lo - x;
        const above = x - hi;
        if (below > 0) near += below * below;
        else if (above > 0) near += above * above;
        const a = x - lo;
        const b = hi - x;
        far += a > b ? a * a : b * b;
      }
      if (near > radius2) continue;
      const from = this.start[node]!;
      const to = this.end[node]!;
      if (far <= radius2) {
        out.pushRange(order, from, to);
        continue;
      }
      const leftChild = this.left[node]!;
      if (leftChild >= 0) {
        stack[top++] = leftChild;
        stack[top++] = this.right[node]!;
        continue;
      }
      for (let r = from; r < to; r++) {
        const p = r * d;
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const t = data[q + j]! - points[p + j]!;
          sum += t * t;
          if (sum > radius2) break;
        }
        if (sum <= radius2) out.push(order[r]!);
      }
    }
    return out.length - before;
  }

  /** Sets the node's bounding box; returns its widest dimension. */
  private fitBox(node: number, from: number, to: number): { dimension: number; spread: number } {
    const { d, data, order, lower, upper } = this;
    const box = node * d;
    lower.fill(Infinity, box, box + d);
    upper.fill(-Infinity, box, box + d);
    for (let r = from; r < to; r++) {
      const p = order[r]! * d;
      for (let j = 0; j < d; j++) {
        const v = data[p + j]!;
        if (v < lower[box + j]!) lower[box + j] = v;
        if (v > upper[box + j]!) upper[box + j] = v;
      }
    }
    let dimension = 0;
    let spread = -1;
    for (let j = 0; j < d; j++) {
      const width = upper[box + j]! - lower[box + j]!;
      if (width > spread) {
        spread = width;
        dimension = j;
      }
    }
    return { dimension, spread };
  }

  /** Quickselect on order[from..to) by coordinate `dimension`, so position `k` holds its median. */
  private select(from: number, to: number, k: number, dimension: number): void {
    const { d, data, order } = this;
    const value = (r: number) => data[order[r]! * d + dimension]!;
    let lo = from;
    let hi = to - 1;
    while (hi > lo) {
      const pivot = value((lo + hi) >> 1);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (value(i) < pivot) i++;
        while (value(j) > pivot) j--;
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
      else break;
    }
  }
}
