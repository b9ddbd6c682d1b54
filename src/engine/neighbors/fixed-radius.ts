/**
 * Fixed-radius neighbourhoods for density clustering (DBSCAN): a k-d tree over the cases,
 * queried one case at a time, so memory stays O(n) however dense the data. A case is a
 * neighbour when its squared euclidean distance, summed over the dimensions in order, is
 * ≤ radius² — exactly the test of ANN's fixed-radius search, which the R package dbscan
 * uses, so neighbourhoods agree to the last bit.
 *
 * Built for the expansion of density clusters: cases can be marked (visited or queued),
 * and a query reports only the unmarked neighbours, with a count (or weight) that is exact
 * until it reaches the caller's threshold and may stop growing after it. Each node knows how
 * many of its cases are unmarked, so once the threshold is reached, fully marked subtrees
 * are skipped: in dense regions most of a neighbourhood is never looked at again.
 *
 * Nodes whose bounding box lies outside the ball are skipped; nodes whose box lies inside it
 * count whole, without a distance computation (every case's distance is at most the far
 * corner's, rounding included: subtraction, squaring and summing are monotone).
 */

/** Leaf size: small leaves prune well in the low dimensions density clustering is used in (4–8 measured alike). */
const LEAF_SIZE = 6;

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
}

export class FixedRadiusTree {
  /** Case indices, grouped so each node's cases are order[start..end). */
  private readonly order: Int32Array;
  /** Coordinates in `order` (row-major), so leaves are read contiguously. */
  private readonly points: Float64Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  /** Children (−1 for leaves) and parent (−1 for the root). */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly parent: Int32Array;
  private readonly splitDimension: Int32Array;
  private readonly splitValue: Float64Array;
  /** Tight bounding boxes, node-major: lower[node * d + j]. */
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  /** Per node: how many of its cases are unmarked; per node: total case weight (weighted trees). */
  private readonly unmarked: Int32Array;
  private readonly weightSum: Float64Array | null;
  /** The leaf holding each case, and its position in `order`. */
  private readonly leafOf: Int32Array;
  private readonly positionOf: Int32Array;
  private readonly marked: Uint8Array;
  private readonly stack: Int32Array;
  /** Weights all ≥ 0 (or none): a count that reached the threshold cannot fall back. */
  private readonly monotone: boolean;

  /** `data` row-major n × d, all finite; `weights` one per case, or null (each case counts 1). */
  constructor(
    data: Float64Array,
    readonly n: number,
    readonly d: number,
    private readonly weights: ArrayLike<number> | null = null,
  ) {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    this.order = order;
    // Median splits leave at least LEAF_SIZE / 2 cases per leaf: at most 2n / LEAF_SIZE + 1 leaves.
    const capacity = 2 * (Math.ceil((2 * n) / LEAF_SIZE) + 1);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.parent = new Int32Array(capacity).fill(-1);
    this.splitDimension = new Int32Array(capacity);
    this.splitValue = new Float64Array(capacity);
    this.lower = new Float64Array(capacity * d);
    this.upper = new Float64Array(capacity * d);
    const nodes = this.split(data, capacity);
    this.fitBoxes(data, nodes);

    this.points = new Float64Array(n * d);
    this.leafOf = new Int32Array(n);
    this.positionOf = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      this.positionOf[order[r]!] = r;
      const from = order[r]! * d;
      for (let j = 0; j < d; j++) this.points[r * d + j] = data[from + j]!;
    }
    this.unmarked = new Int32Array(capacity);
    this.weightSum = weights === null ? null : new Float64Array(capacity);
    for (let node = nodes - 1; node >= 0; node--) {
      this.unmarked[node] = this.end[node]! - this.start[node]!;
      if (this.left[node]! < 0) {
        for (let r = this.start[node]!; r < this.end[node]!; r++) {
          this.leafOf[order[r]!] = node;
          if (this.weightSum !== null) this.weightSum[node]! += weights![order[r]!]!;
        }
      } else if (this.weightSum !== null) {
        this.weightSum[node] = this.weightSum[this.left[node]!]! + this.weightSum[this.right[node]!]!;
      }
    }
    this.marked = new Uint8Array(n);
    this.monotone = weights === null || Array.prototype.every.call(weights, (w: number) => w >= 0);
    this.stack = new Int32Array(Math.max(64, nodes));
  }

  isMarked(i: number): boolean {
    return this.marked[i] === 1;
  }

  /** Marks case i (visited or queued): later queries no longer report it. */
  mark(i: number): void {
    if (this.marked[i] === 1) return;
    this.marked[i] = 1;
    for (let node = this.leafOf[i]!; node >= 0; node = this.parent[node]!) this.unmarked[node]!--;
  }

  /**
   * Appends to `out` every unmarked case within `radius2` (squared) of case `query`, and
   * returns the number (or weight) of all cases within it, marked or not, the query
   * included — exactly while below `threshold`, at least `threshold` otherwise.
   */
  query(query: number, radius2: number, threshold: number, out: IndexBuffer): number {
    const { d, points, order, lower, upper, stack, marked, unmarked, weights, weightSum } = this;
    // The query's coordinates, from the tree's copy (same values as the caller's data).
    const q = this.positionOf[query]! * d;
    let count = 0;
    let enough = false;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      if (enough && unmarked[node] === 0) continue;
      const box = node * d;
      let near = 0;
      for (let j = 0; j < d && near <= radius2; j++) {
        const x = points[q + j]!;
        const lo = lower[box + j]!;
        const hi = upper[box + j]!;
        if (lo > x) near += (lo - x) * (lo - x);
        else if (x > hi) near += (x - hi) * (x - hi);
      }
      if (near > radius2) continue;
      let far = 0;
      for (let j = 0; j < d && far <= radius2; j++) {
        const x = points[q + j]!;
        const a = x - lower[box + j]!;
        const b = upper[box + j]! - x;
        far += a > b ? a * a : b * b;
      }
      const from = this.start[node]!;
      const to = this.end[node]!;
      if (far <= radius2) {
        count += weightSum === null ? to - from : weightSum[node]!;
        if (unmarked[node]! > 0) {
          for (let r = from; r < to; r++) if (marked[order[r]!] === 0) out.push(order[r]!);
        }
      } else if (this.left[node]! >= 0) {
        // Nearer child on top of the stack: the count reaches the threshold sooner.
        const goesLeft = points[q + this.splitDimension[node]!]! <= this.splitValue[node]!;
        stack[top++] = goesLeft ? this.right[node]! : this.left[node]!;
        stack[top++] = goesLeft ? this.left[node]! : this.right[node]!;
      } else {
        for (let r = from; r < to; r++) {
          const p = r * d;
          let sum = 0;
          for (let j = 0; j < d; j++) {
            const t = points[q + j]! - points[p + j]!;
            sum += t * t;
            if (sum > radius2) break;
          }
          if (sum <= radius2) {
            const i = order[r]!;
            count += weights === null ? 1 : weights[i]!;
            if (marked[i] === 0) out.push(i);
          }
        }
      }
      enough = this.monotone && count >= threshold;
    }
    return count;
  }

  /**
   * Splits top-down at the median of the cell's widest side (cells: the root's bounding box,
   * cut by the splits above); returns the number of nodes.
   */
  private split(data: Float64Array, capacity: number): number {
    const { n, d } = this;
    const cellLower = new Float64Array(capacity * d).fill(Infinity);
    const cellUpper = new Float64Array(capacity * d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = data[i * d + j]!;
        if (v < cellLower[j]!) cellLower[j] = v;
        if (v > cellUpper[j]!) cellUpper[j] = v;
      }
    }
    let nodes = 1;
    this.start[0] = 0;
    this.end[0] = n;
    for (let node = 0; node < nodes; node++) {
      const from = this.start[node]!;
      const to = this.end[node]!;
      if (to - from <= LEAF_SIZE) continue;
      let dimension = 0;
      for (let j = 1; j < d; j++) {
        if (cellUpper[node * d + j]! - cellLower[node * d + j]! > cellUpper[node * d + dimension]! - cellLower[node * d + dimension]!) dimension = j;
      }
      const middle = (from + to) >> 1;
      this.select(data, from, to, middle, dimension);
      const value = data[this.order[middle]! * d + dimension]!;
      const a = nodes++;
      const b = nodes++;
      this.left[node] = a;
      this.right[node] = b;
      this.parent[a] = node;
      this.parent[b] = node;
      this.splitDimension[node] = dimension;
      this.splitValue[node] = value;
      this.start[a] = from;
      this.end[a] = middle;
      this.start[b] = middle;
      this.end[b] = to;
      for (let j = 0; j < d; j++) {
        cellLower[a * d + j] = cellLower[b * d + j] = cellLower[node * d + j]!;
        cellUpper[a * d + j] = cellUpper[b * d + j] = cellUpper[node * d + j]!;
      }
      cellUpper[a * d + dimension] = value;
      cellLower[b * d + dimension] = value;
    }
    return nodes;
  }

  /** Tight boxes bottom-up: leaves from their cases, inner nodes from their children (children come after parents). */
  private fitBoxes(data: Float64Array, nodes: number): void {
    const { d, order, lower, upper } = this;
    for (let node = nodes - 1; node >= 0; node--) {
      const box = node * d;
      const a = this.left[node]!;
      if (a >= 0) {
        const b = this.right[node]!;
        for (let j = 0; j < d; j++) {
          lower[box + j] = Math.min(lower[a * d + j]!, lower[b * d + j]!);
          upper[box + j] = Math.max(upper[a * d + j]!, upper[b * d + j]!);
        }
        continue;
      }
      for (let j = 0; j < d; j++) {
        lower[box + j] = Infinity;
        upper[box + j] = -Infinity;
      }
      for (let r = this.start[node]!; r < this.end[node]!; r++) {
        const p = order[r]! * d;
        for (let j = 0; j < d; j++) {
          const v = data[p + j]!;
          if (v < lower[box + j]!) lower[box + j] = v;
          if (v > upper[box + j]!) upper[box + j] = v;
        }
      }
    }
  }

  /** Quickselect on order[from..to) by coordinate `dimension`, so position `k` holds its median. */
  private select(data: Float64Array, from: number, to: number, k: number, dimension: number): void {
    const { d, order } = this;
    let lo = from;
    let hi = to - 1;
    while (hi > lo) {
      const pivot = data[order[(lo + hi) >> 1]! * d + dimension]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (data[order[i]! * d + dimension]! < pivot) i++;
        while (data[order[j]! * d + dimension]! > pivot) j--;
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
