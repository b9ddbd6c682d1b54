/**
 * The k-nearest walk for a block of nearby queries at once (p = 1 or 2). The block descends the
 * tree together: a node is visited when it may hold a neighbour of any query in the block
 * (each query keeps its own incremental lower bound, as in tree-walk.ts), and at a leaf the
 * distances of all still-interested queries to all its points are computed as a tile, four
 * queries by two points at a time. Eight independent sums keep the CPU's adders busy, and each
 * coordinate loaded serves several pairs; the eight stop early once all exceed their queries'
 * k-th distances. Every sum still runs over dimensions in order, so
 * distances are bit-identical to tree-walk.ts and to brute force, and so are the results (same
 * tie rule, same pruning margin).
 */
import type { KdTree } from './kd-tree.js';
import type { PowerMode } from './minkowski.js';
import { SLACK } from './tree-walk.js';

/** Dimensions summed between two looks at the bounds in a tile. */
const CHECK_EVERY = 8;

export class BlockNearestWalk {
  /** Queries of the current block, row-major, and the input index each must skip (-1: none). */
  private readonly queries: Float64Array;
  private readonly selves: Int32Array;
  private count = 0;
  /** Per query: a max-heap on (reduced distance, input index) of its best k so far. */
  private readonly heapDistance: Float64Array;
  private readonly heapIndex: Int32Array;
  private readonly sizes: Int32Array;
  private readonly limits: Float64Array;
  /** Per query and dimension: the bound's term to the current region. */
  private readonly gaps: Float64Array;
  /** Per tree level and query: the bound to the node at that level, and the gap term it replaced. */
  private readonly bounds: Float64Array;
  private readonly replaced: Float64Array;
  private readonly changed: Uint8Array;
  private readonly active: Int32Array;
  private readonly tile: Float64Array;

  constructor(
    private readonly tree: KdTree,
    private readonly k: number,
    private readonly mode: Exclude<PowerMode, 0>,
    readonly capacity: number,
  ) {
    const { d, depth } = tree;
    this.queries = new Float64Array(capacity * d);
    this.selves = new Int32Array(capacity);
    this.heapDistance = new Float64Array(capacity * k);
    this.heapIndex = new Int32Array(capacity * k);
    this.sizes = new Int32Array(capacity);
    this.limits = new Float64Array(capacity);
    this.gaps = new Float64Array(capacity * d);
    this.bounds = new Float64Array((depth + 1) * capacity);
    this.replaced = new Float64Array((depth + 1) * capacity);
    this.changed = new Uint8Array((depth + 1) * capacity);
    this.active = new Int32Array(capacity);
    this.tile = new Float64Array(capacity * largestLeaf(tree));
  }

  /** Puts query `slot` of the next block at `source[offset..offset+d)`, skipping input index `self`. */
  load(slot: number, source: Float64Array, offset: number, self: number): void {
    const { d } = this.tree;
    this.queries.set(source.subarray(offset, offset + d), slot * d);
    this.selves[slot] = self;
  }

  /** Searches the first `count` loaded queries. */
  search(count: number): void {
    const { tree, queries, gaps, bounds } = this;
    const { d, lower, upper } = tree;
    this.count = count;
    for (let b = 0; b < count; b++) {
      this.sizes[b] = 0;
      this.limits[b] = Infinity;
      let bound = 0;
      for (let t = 0; t < d; t++) {
        const value = queries[b * d + t]!;
        const gap = value < lower[t]! ? lower[t]! - value : value > upper[t]! ? value - upper[t]! : 0;
        const term = this.mode === 2 ? gap * gap : gap;
        gaps[b * d + t] = term;
        bound += term;
      }
      bounds[b] = bound;
    }
    if (count > 0) this.visit(0, 0);
  }

  /** Writes query `slot`'s neighbours, nearest first, to `indices`/`reduced` from `offset`, as reduced distances. */
  drainSorted(slot: number, indices: Int32Array, reduced: Float64Array, offset: number): void {
    const base = slot * this.k;
    while (this.sizes[slot]! > 0) {
      const last = this.sizes[slot]! - 1;
      indices[offset + last] = this.heapIndex[base]!;
      reduced[offset + last] = this.heapDistance[base]!;
      const distance = this.heapDistance[base + last]!;
      const index = this.heapIndex[base + last]!;
      this.sizes[slot] = last;
      if (last > 0) this.siftDown(slot, distance, index);
    }
  }

  private visit(node: number, level: number): void {
    const tree = this.tree;
    const dimension = tree.splitDimension[node]!;
    if (dimension < 0) {
      this.scanLeaf(tree.start[node]!, tree.end[node]!, level);
      return;
    }
    const { queries, count } = this;
    const d = tree.d;
    const leftMax = tree.leftMax[node]!;
    const rightMin = tree.rightMin[node]!;
    // The child most of the block lies in goes first.
    let leftVotes = 0;
    for (let b = 0; b < count; b++) {
      const value = queries[b * d + dimension]!;
      if (value - leftMax + (value - rightMin) < 0) leftVotes++;
    }
    const leftFirst = 2 * leftVotes >= count;
    this.enter(leftFirst ? tree.left[node]! : tree.right[node]!, leftFirst, dimension, leftMax, rightMin, level);
    this.enter(leftFirst ? tree.right[node]! : tree.left[node]!, !leftFirst, dimension, leftMax, rightMin, level);
  }

  /** Visits `child` if it may hold a neighbour of some query, with each query's bound updated for it. */
  private enter(child: number, isLeft: boolean, dimension: number, leftMax: number, rightMin: number, level: number): void {
    const { queries, gaps, bounds, replaced, changed, limits, count, capacity } = this;
    const d = this.tree.d;
    const squared = this.mode === 2;
    const from = level * capacity;
    const to = from + capacity;
    let wanted = false;
    for (let b = 0; b < count; b++) {
      const value = queries[b * d + dimension]!;
      const nearLeft = value - leftMax + (value - rightMin) < 0;
      let bound = bounds[from + b]!;
      if (nearLeft !== isLeft) {
        const gap = isLeft ? value - leftMax : rightMin - value;
        const term = squared ? gap * gap : gap;
        const at = b * d + dimension;
        replaced[to + b] = gaps[at]!;
        changed[to + b] = 1;
        bound += term - gaps[at]!;
        gaps[at] = term;
      } else {
        changed[to + b] = 0;
      }
      bounds[to + b] = bound;
      if (bound <= limits[b]! * SLACK) wanted = true;
    }
    if (wanted) this.visit(child, level + 1);
    for (let b = 0; b < count; b++) if (changed[to + b] === 1) gaps[b * d + dimension] = replaced[to + b]!;
  }

  /** Distances from every query still interested to the leaf's points, then the heaps. */
  private scanLeaf(start: number, end: number, level: number): void {
    const { bounds, limits, active, tile, count, capacity, selves } = this;
    const from = level * capacity;
    let interested = 0;
    for (let b = 0; b < count; b++) if (bounds[from + b]! <= limits[b]! * SLACK) active[interested++] = b;
    if (interested === 0) return;
    const width = end - start;
    if (this.mode === 2) this.squaredTile(start, width, interested);
    else this.absoluteTile(start, width, interested);
    const order = this.tree.order;
    for (let a = 0; a < interested; a++) {
      const b = active[a]!;
      for (let j = 0; j < width; j++) {
        const sum = tile[a * width + j]!;
        if (sum > limits[b]!) continue;
        const index = order[start + j]!;
        if (index !== selves[b]) this.accept(b, index, sum);
      }
    }
  }

  /** tile[a·width + j] = Σ_t (x_j,t − q_a,t)², four queries by two points at a time. */
  private squaredTile(start: number, width: number, interested: number): void {
    const { queries, active, tile } = this;
    const { d, data } = this.tree;
    let a = 0;
    for (; a + 4 <= interested; a += 4) {
      const q0 = active[a]! * d;
      const q1 = active[a + 1]! * d;
      const q2 = active[a + 2]! * d;
      const q3 = active[a + 3]! * d;
      const l0 = this.limits[active[a]!]!;
      const l1 = this.limits[active[a + 1]!]!;
      const l2 = this.limits[active[a + 2]!]!;
      const l3 = this.limits[active[a + 3]!]!;
      let j = 0;
      for (; j + 2 <= width; j += 2) {
        const p0 = (start + j) * d;
        const p1 = p0 + d;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0; // prettier-ignore
        for (let t = 0; t < d; ) {
          for (const stop = Math.min(d, t + CHECK_EVERY); t < stop; t++) {
            const x0 = data[p0 + t]!;
            const x1 = data[p1 + t]!;
            let v = queries[q0 + t]!;
            let z = x0 - v;
            s00 += z * z;
            z = x1 - v;
            s01 += z * z;
            v = queries[q1 + t]!;
            z = x0 - v;
            s10 += z * z;
            z = x1 - v;
            s11 += z * z;
            v = queries[q2 + t]!;
            z = x0 - v;
            s20 += z * z;
            z = x1 - v;
            s21 += z * z;
            v = queries[q3 + t]!;
            z = x0 - v;
            s30 += z * z;
            z = x1 - v;
            s31 += z * z;
          }
          // All eight past their bounds: none can be a neighbour (sums only grow), stop early.
          if (t < d && s00 > l0 && s01 > l0 && s10 > l1 && s11 > l1 && s20 > l2 && s21 > l2 && s30 > l3 && s31 > l3) break;
        }
        tile[a * width + j] = s00;
        tile[a * width + j + 1] = s01;
        tile[(a + 1) * width + j] = s10;
        tile[(a + 1) * width + j + 1] = s11;
        tile[(a + 2) * width + j] = s20;
        tile[(a + 2) * width + j + 1] = s21;
        tile[(a + 3) * width + j] = s30;
        tile[(a + 3) * width + j + 1] = s31;
      }
      for (; j < width; j++) for (let r = 0; r < 4; r++) tile[(a + r) * width + j] = this.squared(active[a + r]! * d, (start + j) * d);
    }
    for (; a < interested; a++) for (let j = 0; j < width; j++) tile[a * width + j] = this.squared(active[a]! * d, (start + j) * d);
  }

  /** tile[a·width + j] = Σ_t |x_j,t − q_a,t|, four queries by two points at a time. */
  private absoluteTile(start: number, width: number, interested: number): void {
    const { queries, active, tile } = this;
    const { d, data } = this.tree;
    let a = 0;
    for (; a + 4 <= interested; a += 4) {
      const q0 = active[a]! * d;
      const q1 = active[a + 1]! * d;
      const q2 = active[a + 2]! * d;
      const q3 = active[a + 3]! * d;
      const l0 = this.limits[active[a]!]!;
      const l1 = this.limits[active[a + 1]!]!;
      const l2 = this.limits[active[a + 2]!]!;
      const l3 = this.limits[active[a + 3]!]!;
      let j = 0;
      for (; j + 2 <= width; j += 2) {
        const p0 = (start + j) * d;
        const p1 = p0 + d;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0; // prettier-ignore
        for (let t = 0; t < d; ) {
          for (const stop = Math.min(d, t + CHECK_EVERY); t < stop; t++) {
            const x0 = data[p0 + t]!;
            const x1 = data[p1 + t]!;
            let v = queries[q0 + t]!;
            s00 += Math.abs(x0 - v);
            s01 += Math.abs(x1 - v);
            v = queries[q1 + t]!;
            s10 += Math.abs(x0 - v);
            s11 += Math.abs(x1 - v);
            v = queries[q2 + t]!;
            s20 += Math.abs(x0 - v);
            s21 += Math.abs(x1 - v);
            v = queries[q3 + t]!;
            s30 += Math.abs(x0 - v);
            s31 += Math.abs(x1 - v);
          }
          if (t < d && s00 > l0 && s01 > l0 && s10 > l1 && s11 > l1 && s20 > l2 && s21 > l2 && s30 > l3 && s31 > l3) break;
        }
        tile[a * width + j] = s00;
        tile[a * width + j + 1] = s01;
        tile[(a + 1) * width + j] = s10;
        tile[(a + 1) * width + j + 1] = s11;
        tile[(a + 2) * width + j] = s20;
        tile[(a + 2) * width + j + 1] = s21;
        tile[(a + 3) * width + j] = s30;
        tile[(a + 3) * width + j + 1] = s31;
      }
      for (; j < width; j++) for (let r = 0; r < 4; r++) tile[(a + r) * width + j] = this.absolute(active[a + r]! * d, (start + j) * d);
    }
    for (; a < interested; a++) for (let j = 0; j < width; j++) tile[a * width + j] = this.absolute(active[a]! * d, (start + j) * d);
  }

  private squared(qo: number, po: number): number {
    const { queries } = this;
    const { d, data } = this.tree;
    let sum = 0;
    for (let t = 0; t < d; t++) {
      const z = data[po + t]! - queries[qo + t]!;
      sum += z * z;
    }
    return sum;
  }

  private absolute(qo: number, po: number): number {
    const { queries } = this;
    const { d, data } = this.tree;
    let sum = 0;
    for (let t = 0; t < d; t++) sum += Math.abs(data[po + t]! - queries[qo + t]!);
    return sum;
  }

  private accept(slot: number, index: number, reduced: number): void {
    const { k, heapDistance, heapIndex, sizes, limits } = this;
    const base = slot * k;
    if (sizes[slot]! < k) {
      let child = sizes[slot]!;
      sizes[slot] = child + 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        const pd = heapDistance[base + parent]!;
        if (pd > reduced || (pd === reduced && heapIndex[base + parent]! > index)) break;
        heapDistance[base + child] = pd;
        heapIndex[base + child] = heapIndex[base + parent]!;
        child = parent;
      }
      heapDistance[base + child] = reduced;
      heapIndex[base + child] = index;
      if (sizes[slot] === k) limits[slot] = heapDistance[base]!;
    } else if (reduced < limits[slot]! || index < heapIndex[base]!) {
      this.siftDown(slot, reduced, index);
      limits[slot] = heapDistance[base]!;
    }
  }

  /** Puts (distance, index) in place of the root of query `slot`'s heap and sifts it down. */
  private siftDown(slot: number, distance: number, index: number): void {
    const { k, heapDistance, heapIndex } = this;
    const base = slot * k;
    const size = this.sizes[slot]!;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const cd = heapDistance[base + child]!;
        const rd = heapDistance[base + right]!;
        if (rd > cd || (rd === cd && heapIndex[base + right]! > heapIndex[base + child]!)) child = right;
      }
      const cd = heapDistance[base + child]!;
      if (cd < distance || (cd === distance && heapIndex[base + child]! < index)) break;
      heapDistance[base + parent] = cd;
      heapIndex[base + parent] = heapIndex[base + child]!;
      parent = child;
    }
    heapDistance[base + parent] = distance;
    heapIndex[base + parent] = index;
  }
}

function largestLeaf(tree: KdTree): number {
  let largest = 1;
  for (let node = 0; node < tree.splitDimension.length; node++) {
    if (tree.splitDimension[node]! < 0) largest = Math.max(largest, tree.end[node]! - tree.start[node]!);
  }
  return largest;
}

/** Order in which to search external queries so that blocks hold nearby ones: by the leaf each falls in. */
export function leafOrder(tree: KdTree, queries: Float64Array, m: number): Int32Array {
  const { d, splitDimension, leftMax, rightMin, left, right } = tree;
  const leafOf = new Int32Array(m);
  const counts = new Int32Array(splitDimension.length + 1);
  for (let q = 0; q < m; q++) {
    let node = 0;
    for (let dimension = splitDimension[0]!; dimension >= 0; dimension = splitDimension[node]!) {
      const value = queries[q * d + dimension]!;
      node = value - leftMax[node]! + (value - rightMin[node]!) < 0 ? left[node]! : right[node]!;
    }
    leafOf[q] = node;
    counts[node + 1]!++;
  }
  for (let node = 0; node < splitDimension.length; node++) counts[node + 1]! += counts[node]!;
  const order = new Int32Array(m);
  for (let q = 0; q < m; q++) order[counts[leafOf[q]!]!++] = q;
  return order;
}
