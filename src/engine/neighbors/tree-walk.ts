/**
 * The two depth-first walks of a k-d tree for one query: the k nearest points (a bound that
 * shrinks as better points are found) and every point within a fixed radius. The walk goes to
 * the nearer child first; the farther child is visited only if the lower bound on its
 * distance, kept per dimension and updated in O(1) at each split (nanoflann's incremental
 * scheme), is within the bound. In leaves a point's distance stops accumulating once it
 * exceeds the bound. All state lives in typed arrays reused from query to query.
 *
 * Ties: among points at the same distance the lower input index ranks first, so results are
 * deterministic whatever the tree shape. Nodes are pruned only when their lower bound exceeds
 * the k-th distance by more than rounding (SLACK), so no point at or below it is ever missed.
 */
import type { KdTree } from './kd-tree.js';
import { powerMode, type PowerMode } from './minkowski.js';

/** Relative margin on the pruning bound: the incremental bound and a point's distance are summed in different orders. */
export const SLACK = 1 + 1e-9;
/** Dimensions summed between two looks at the bound in the four-point scan. */
const CHECK_EVERY = 8;

/** Shared walk: the query, the per-dimension bound terms and the recursion over the tree. */
abstract class Walk {
  protected readonly mode: PowerMode;
  /** Per dimension: the bound's term (powered gap) from the query to the current region. */
  private readonly gaps: Float64Array;
  protected q: Float64Array = new Float64Array(0);
  protected qo = 0;
  protected self = -1;
  /** Current pruning bound (reduced distance). */
  protected limit = Infinity;

  constructor(
    protected readonly tree: KdTree,
    protected readonly p: number,
  ) {
    this.mode = powerMode(p);
    this.gaps = new Float64Array(tree.d);
  }

  protected term(gap: number): number {
    return this.mode === 2 ? gap * gap : this.mode === 1 ? gap : gap ** this.p;
  }

  /** Walks the tree for the query at `q[qo..qo+d)`, skipping the point of input index `self` (-1: none). */
  protected walk(q: Float64Array, qo: number, self: number): void {
    this.q = q;
    this.qo = qo;
    this.self = self;
    const { d, lower, upper } = this.tree;
    let bound = 0;
    for (let t = 0; t < d; t++) {
      const value = q[qo + t]!;
      const gap = value < lower[t]! ? lower[t]! - value : value > upper[t]! ? value - upper[t]! : 0;
      const term = this.term(gap);
      this.gaps[t] = term;
      bound += term;
    }
    if (bound <= this.limit * SLACK) this.visit(0, bound);
  }

  private visit(node: number, bound: number): void {
    const tree = this.tree;
    const dimension = tree.splitDimension[node]!;
    if (dimension < 0) {
      this.scanLeaf(tree.start[node]!, tree.end[node]!);
      return;
    }
    const value = this.q[this.qo + dimension]!;
    const leftMax = tree.leftMax[node]!;
    const rightMin = tree.rightMin[node]!;
    const leftFirst = value - leftMax + (value - rightMin) < 0;
    this.visit(leftFirst ? tree.left[node]! : tree.right[node]!, bound);
    const term = this.term(leftFirst ? rightMin - value : value - leftMax);
    const old = this.gaps[dimension]!;
    const farBound = bound - old + term;
    if (farBound <= this.limit * SLACK) {
      this.gaps[dimension] = term;
      this.visit(leftFirst ? tree.right[node]! : tree.left[node]!, farBound);
      this.gaps[dimension] = old;
    }
  }

  /** Visits tree positions `from` … `to - 1`, offering each point within `limit` to `accept`. */
  private scanLeaf(from: number, to: number): void {
    let position = from;
    if (this.mode !== 0) {
      for (; position + 4 <= to; position += 4) this.scanFour(position);
    }
    const { q, qo, mode, p } = this;
    const { d, data, order } = this.tree;
    for (; position < to; position++) {
      const po = position * d;
      const limit = this.limit;
      let sum = 0;
      if (mode === 2) {
        for (let t = 0; t < d && sum <= limit; t++) {
          const a = data[po + t]! - q[qo + t]!;
          sum += a * a;
        }
      } else if (mode === 1) {
        for (let t = 0; t < d && sum <= limit; t++) sum += Math.abs(data[po + t]! - q[qo + t]!);
      } else {
        for (let t = 0; t < d && sum <= limit; t++) sum += Math.abs(data[po + t]! - q[qo + t]!) ** p;
      }
      if (sum > limit) continue;
      const index = order[position]!;
      if (index !== this.self) this.accept(index, sum);
    }
  }

  /**
   * Four consecutive points at once (p = 1 or 2): four independent sums keep the CPU's adders
   * busy where one sum would wait on itself; each is still summed in dimension order. The four
   * stop early only when all exceed the bound.
   */
  private scanFour(position: number): void {
    const { q, qo } = this;
    const { d, data, order } = this.tree;
    const squared = this.mode === 2;
    const limit = this.limit;
    const p0 = position * d;
    const p1 = p0 + d;
    const p2 = p1 + d;
    const p3 = p2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < d; ) {
      const stop = Math.min(d, t + CHECK_EVERY);
      if (squared) {
        for (; t < stop; t++) {
          const value = q[qo + t]!;
          const a = data[p0 + t]! - value;
          const b = data[p1 + t]! - value;
          const c = data[p2 + t]! - value;
          const e = data[p3 + t]! - value;
          s0 += a * a;
          s1 += b * b;
          s2 += c * c;
          s3 += e * e;
        }
      } else {
        for (; t < stop; t++) {
          const value = q[qo + t]!;
          s0 += Math.abs(data[p0 + t]! - value);
          s1 += Math.abs(data[p1 + t]! - value);
          s2 += Math.abs(data[p2 + t]! - value);
          s3 += Math.abs(data[p3 + t]! - value);
        }
      }
      if (s0 > limit && s1 > limit && s2 > limit && s3 > limit) return;
    }
    const { self } = this;
    if (s0 <= this.limit && order[position]! !== self) this.accept(order[position]!, s0);
    if (s1 <= this.limit && order[position + 1]! !== self) this.accept(order[position + 1]!, s1);
    if (s2 <= this.limit && order[position + 2]! !== self) this.accept(order[position + 2]!, s2);
    if (s3 <= this.limit && order[position + 3]! !== self) this.accept(order[position + 3]!, s3);
  }

  protected abstract accept(index: number, reduced: number): void;
}

/** The k nearest points of one query at a time; `k` ≥ 1 and at most the number of candidates. */
export class NearestWalk extends Walk {
  /** Max-heap on (reduced distance, input index): the worst of the best k so far on top. */
  private readonly heapDistance: Float64Array;
  private readonly heapIndex: Int32Array;
  private size = 0;

  constructor(
    tree: KdTree,
    private readonly k: number,
    p: number,
  ) {
    super(tree, p);
    this.heapDistance = new Float64Array(k);
    this.heapIndex = new Int32Array(k);
  }

  search(q: Float64Array, qo: number, self: number): void {
    this.size = 0;
    this.limit = Infinity;
    this.walk(q, qo, self);
  }

  /** Writes the neighbours found, nearest first, to `indices`/`reduced` from `offset`, as reduced distances. */
  drainSorted(indices: Int32Array, reduced: Float64Array, offset: number): void {
    const { heapDistance, heapIndex } = this;
    while (this.size > 0) {
      const last = this.size - 1;
      indices[offset + last] = heapIndex[0]!;
      reduced[offset + last] = heapDistance[0]!;
      const distance = heapDistance[last]!;
      const index = heapIndex[last]!;
      this.size = last;
      if (last > 0) this.siftDown(distance, index);
    }
  }

  protected accept(index: number, reduced: number): void {
    const { heapDistance, heapIndex } = this;
    if (this.size < this.k) {
      this.heapPush(reduced, index);
      if (this.size === this.k) this.limit = heapDistance[0]!;
    } else if (reduced < this.limit || index < heapIndex[0]!) {
      this.siftDown(reduced, index);
      this.limit = heapDistance[0]!;
    }
  }

  private heapPush(distance: number, index: number): void {
    const { heapDistance, heapIndex } = this;
    let child = this.size++;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      const pd = heapDistance[parent]!;
      if (pd > distance || (pd === distance && heapIndex[parent]! > index)) break;
      heapDistance[child] = pd;
      heapIndex[child] = heapIndex[parent]!;
      child = parent;
    }
    heapDistance[child] = distance;
    heapIndex[child] = index;
  }

  /** Puts (distance, index) in place of the root and sifts it down to restore the max-heap. */
  private siftDown(distance: number, index: number): void {
    const { heapDistance, heapIndex, size } = this;
    let parent = 0;
    for (;;) {
      let child = 2 * parent + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size) {
        const cd = heapDistance[child]!;
        const rd = heapDistance[right]!;
        if (rd > cd || (rd === cd && heapIndex[right]! > heapIndex[child]!)) child = right;
      }
      const cd = heapDistance[child]!;
      if (cd < distance || (cd === distance && heapIndex[child]! < index)) break;
      heapDistance[parent] = cd;
      heapIndex[parent] = heapIndex[child]!;
      parent = child;
    }
    heapDistance[parent] = distance;
    heapIndex[parent] = index;
  }
}

/** Receives the points found within the radius of one query. */
export interface RadiusSink {
  add(index: number, reduced: number): void;
}

/** Every point within a fixed reduced radius of one query at a time (inclusive). */
export class RadiusWalk extends Walk {
  private sink: RadiusSink | null = null;

  search(q: Float64Array, qo: number, self: number, reducedRadius: number, sink: RadiusSink): void {
    this.sink = sink;
    this.limit = reducedRadius;
    this.walk(q, qo, self);
  }

  protected accept(index: number, reduced: number): void {
    this.sink!.add(index, reduced);
  }
}
