/**
 * Exact tree growth for random forests on sorted case lists. Per tree, the in-bag cases are laid
 * out as one segment per feature sorted by its rank codes (a counting sort, missing values last),
 * and every split stably partitions those segments in place, so each node's cases stay sorted by
 * every feature without ever sorting again. A node's split search is then one linear scan per
 * sampled feature, and growing a tree costs O(p · m · depth) sequential work with no allocation
 * per node.
 *
 * Criterion (ranger's): maximise Σ_children Σ_k c_k² / W (Gini) or S² / W (variance), where the
 * weights are the in-bag counts; thresholds are midpoints between adjacent distinct values present
 * in the node; missing values are tried on both sides and the better side is kept (na.learn).
 */
import type { CodedFeature } from './feature-codes.js';
import { TreeBuilder, type FlatTree } from './tree-model.js';

export interface GrowerSettings {
  nClasses: number;
  mtry: number;
  /** A node holding at most this many in-bag cases is not split. */
  minNodeSize: number;
  /** Each child must hold at least this many in-bag cases. */
  minBucket: number;
  maxDepth: number;
}

export class PresortedGrower {
  /** Impurity decrease per feature, summed over every tree grown so far. */
  readonly impurity: Float64Array;

  private readonly n: number;
  private readonly mtry: number;
  private readonly minNodeSize: number;
  private readonly minBucket: number;
  private readonly maxDepth: number;
  private readonly p: number;
  private readonly K: number;
  private readonly codes: Int32Array[];
  /** The raw feature columns: a split's threshold is the midpoint of the values around its cut. */
  private readonly columns: Float64Array[];
  private readonly categorical: Uint8Array;
  private readonly hasMissing: Uint8Array;
  private readonly classOf: Int32Array;
  private readonly nCodes: Int32Array;
  /** Counting-sort buckets, one per code plus one for missing values (reused by every feature). */
  private readonly buckets: Int32Array;
  /** Per tree: feature f's in-bag local ids, sorted by code, live at [f·n, f·n + m). */
  private readonly seg: Int32Array;
  private readonly tmp: Int32Array;
  /** Per tree: the row of each in-bag case, by local id (the case's rank among the in-bag cases). */
  private readonly rowOf: Int32Array;
  // Per tree, indexed by local id so the hot loops touch arrays of the in-bag size: in-bag
  // count, outcome, class, and per feature the code (feature f at [f·n, f·n + m)).
  private readonly lw: Float64Array;
  private readonly ly: Float64Array;
  private readonly lcls: Int32Array;
  private readonly lcodes: Int32Array;
  private readonly goLeft: Uint8Array;
  private readonly perm: Int32Array;
  private readonly classW: Float64Array;
  private readonly leftK: Float64Array;
  private readonly missK: Float64Array;
  private readonly leafValue: Float64Array;
  /** One builder for every tree: a tree is returned as a view of it (see `grow`). */
  private readonly builder: TreeBuilder;
  private stackStart = new Int32Array(64);
  private stackEnd = new Int32Array(64);
  private stackNode = new Int32Array(64);
  private stackDepth = new Int32Array(64);

  // Best split of the current node.
  private bestFeature = -1;
  private bestScore = 0;
  private bestCode = 0;
  private bestFirstRightCode = 0;
  /** In-bag cases on either side of the best cut (the threshold is computed once the node's search is done). */
  private bestLastLeft = 0;
  private bestFirstRight = 0;
  private bestMissingLeft = false;
  // Current node: Σ_k c_k² / W or S² / W, in-bag count W, and S = Σ w·y (regression).
  private parentScore = 0;
  private nodeCount = 0;
  private nodeSum = 0;

  constructor(
    columns: Float64Array[],
    features: CodedFeature[],
    private readonly y: Float64Array,
    settings: GrowerSettings,
  ) {
    this.mtry = settings.mtry;
    this.minNodeSize = settings.minNodeSize;
    this.minBucket = settings.minBucket;
    this.maxDepth = settings.maxDepth;
    const n = y.length;
    const p = features.length;
    const K = settings.nClasses;
    this.n = n;
    this.p = p;
    this.K = K;
    this.codes = features.map((f) => f.codes);
    this.columns = columns;
    this.categorical = Uint8Array.from(features, (f) => (f.categorical ? 1 : 0));
    // No per-feature presorted case list is kept (p × n ids): a tree sorts its own in-bag cases.
    this.nCodes = Int32Array.from(features, (f) => f.nCodes);
    this.hasMissing = Uint8Array.from(features, (f) => (f.codes.includes(-1) ? 1 : 0));
    this.buckets = new Int32Array(this.nCodes.reduce((most, q) => Math.max(most, q), 0) + 2);
    this.classOf = new Int32Array(n);
    if (K > 0) for (let i = 0; i < n; i++) this.classOf[i] = y[i]! | 0;
    this.impurity = new Float64Array(p);
    this.seg = new Int32Array(p * n);
    this.tmp = new Int32Array(n);
    this.rowOf = new Int32Array(n);
    this.lw = new Float64Array(n);
    this.ly = new Float64Array(n);
    this.lcls = new Int32Array(n);
    this.lcodes = new Int32Array(p * n);
    this.goLeft = new Uint8Array(n);
    this.perm = Int32Array.from({ length: p }, (_, f) => f);
    const width = Math.max(K, 1);
    this.classW = new Float64Array(width);
    this.leftK = new Float64Array(width);
    this.missK = new Float64Array(width);
    this.leafValue = new Float64Array(width);
    this.builder = new TreeBuilder(width);
  }

  /**
   * Grows one tree on the cases with counts[i] > 0 (counts = in-bag multiplicities, which are the
   * case weights of every statistic). `pause` is awaited every so many nodes so long trees stay
   * cancellable. The tree is a view of the grower's builder, overwritten by the next `grow`:
   * `copyTree` it to keep it (a forest grown in parts drops each tree once it has added its
   * outputs, and one builder spares every tree 14 typed arrays and the GC their sweeping).
   */
  async grow(counts: Float64Array, random: () => number, pause: () => Promise<void>): Promise<FlatTree> {
    const { n, p, K, y, classOf, rowOf, lw, ly, lcls } = this;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const c = counts[i]!;
      if (c > 0) {
        rowOf[m] = i;
        lw[m] = c;
        ly[m] = y[i]!;
        lcls[m] = classOf[i]!;
        m++;
      }
    }
    for (let f = 0; f < p; f++) this.layOut(f, m);
    // Every tree samples features from the same starting order: a tree depends only on its own stream.
    for (let f = 0; f < p; f++) this.perm[f] = f;
    const builder = this.builder;
    builder.clear();
    this.stackStart[0] = 0;
    this.stackEnd[0] = m;
    this.stackNode[0] = builder.addNode();
    this.stackDepth[0] = 0;
    let top = 1;
    while (top > 0) {
      top--;
      const start = this.stackStart[top]!;
      const end = this.stackEnd[top]!;
      const node = this.stackNode[top]!;
      const depth = this.stackDepth[top]!;
      const splittable = this.nodeStats(start, end, depth);
      builder.setValue(node, this.leafValue);
      if (!splittable) continue;

      this.bestFeature = -1;
      const parentScore = this.parentScore;
      this.bestScore = parentScore + 1e-10 * Math.abs(parentScore) + 1e-300;
      const perm = this.perm;
      for (let j = 0; j < this.mtry; j++) {
        const r = j + Math.floor(random() * (p - j));
        const f = perm[r]!;
        perm[r] = perm[j]!;
        perm[j] = f;
        if (K > 0) this.scanClassification(f, start, end);
        else this.scanRegression(f, start, end);
      }
      if (this.bestFeature < 0) continue;
      this.impurity[this.bestFeature] += this.bestScore - parentScore;
      const mid = this.partition(start, end, depth + 1);
      const left = builder.addNode();
      const right = builder.addNode();
      builder.setSplit(node, this.bestFeature, this.bestThreshold(), this.bestMissingLeft, null, left, right);
      if (top + 2 > this.stackStart.length) this.growStack();
      this.stackStart[top] = mid;
      this.stackEnd[top] = end;
      this.stackNode[top] = right;
      this.stackDepth[top] = depth + 1;
      top++;
      this.stackStart[top] = start;
      this.stackEnd[top] = mid;
      this.stackNode[top] = left;
      this.stackDepth[top] = depth + 1;
      top++;
      if ((builder.size & 1023) === 0) await pause();
    }
    return builder.view();
  }

  /**
   * Feature f's segment for this tree: the m in-bag local ids ordered by code (stable, so ties
   * stay in case order), missing values last, and their codes in `lcodes`.
   */
  private layOut(f: number, m: number): void {
    const { n, seg, lcodes, rowOf, buckets } = this;
    const codes = this.codes[f]!;
    const nCodes = this.nCodes[f]!;
    const base = f * n;
    buckets.fill(0, 0, nCodes + 2);
    for (let l = 0; l < m; l++) {
      const c = codes[rowOf[l]!]!;
      lcodes[base + l] = c;
      buckets[c < 0 ? nCodes + 1 : c + 1]++;
    }
    for (let q = 1; q <= nCodes; q++) buckets[q] += buckets[q - 1]!;
    for (let l = 0; l < m; l++) {
      const c = lcodes[base + l]!;
      seg[base + buckets[c < 0 ? nCodes : c]!++] = l;
    }
  }

  /** Leaf value and parent score of the node's cases; whether the node may be split. */
  private nodeStats(start: number, end: number, depth: number): boolean {
    const { seg, K, lw, ly, lcls, leafValue } = this;
    let w = 0;
    let pure = true;
    if (K > 0) {
      const classW = this.classW;
      classW.fill(0);
      for (let t = start; t < end; t++) {
        const i = seg[t]!;
        const c = lw[i]!;
        w += c;
        classW[lcls[i]!] += c;
      }
      let q = 0;
      let present = 0;
      for (let k = 0; k < K; k++) {
        const c = classW[k]!;
        leafValue[k] = c / w;
        q += c * c;
        if (c > 0) present++;
      }
      pure = present <= 1;
      this.parentScore = q / w;
    } else {
      let s = 0;
      const first = ly[seg[start]!]!;
      for (let t = start; t < end; t++) {
        const i = seg[t]!;
        const c = lw[i]!;
        const yi = ly[i]!;
        w += c;
        s += c * yi;
        if (yi !== first) pure = false;
      }
      leafValue[0] = s / w;
      this.nodeSum = s;
      this.parentScore = (s * s) / w;
    }
    this.nodeCount = w;
    const minNodeSize = this.minNodeSize;
    const minBucket = this.minBucket;
    return !pure && w > minNodeSize && w >= 2 * minBucket && depth < this.maxDepth;
  }

  private scanClassification(f: number, start: number, end: number): void {
    const { seg, lw, lcls, K, leftK, missK, classW } = this;
    const codes = this.lcodes;
    const minBucket = this.minBucket;
    const totW = this.nodeCount;
    const base = f * this.n;
    let e = end;
    let missW = 0;
    if (this.hasMissing[f]! === 1) {
      missK.fill(0);
      while (e > start && codes[base + seg[base + e - 1]!]! < 0) {
        e--;
        const i = seg[base + e]!;
        const c = lw[i]!;
        missW += c;
        missK[lcls[i]!] += c;
      }
    }
    if (e - start < 2) return;
    const sides = missW > 0 ? 2 : 1;
    for (let side = 0; side < sides; side++) {
      const missLeft = side === 1;
      let lW = 0;
      if (missLeft) {
        lW = missW;
        for (let k = 0; k < K; k++) leftK[k] = missK[k]!;
      } else leftK.fill(0);
      let prev = codes[base + seg[base + start]!]!;
      for (let t = start; t < e; t++) {
        const i = seg[base + t]!;
        const code = codes[base + i]!;
        if (code !== prev) {
          const rW = totW - lW;
          if (rW < minBucket) break;
          if (lW >= minBucket) {
            let ql = 0;
            let qr = 0;
            for (let k = 0; k < K; k++) {
              const a = leftK[k]!;
              const b = classW[k]! - a;
              ql += a * a;
              qr += b * b;
            }
            const score = ql / lW + qr / rW;
            if (score > this.bestScore) this.record(f, score, prev, code, missLeft, seg[base + t - 1]!, i);
          }
          prev = code;
        }
        const c = lw[i]!;
        lW += c;
        leftK[lcls[i]!] += c;
      }
    }
  }

  private scanRegression(f: number, start: number, end: number): void {
    const { seg, lw, ly } = this;
    const codes = this.lcodes;
    const minBucket = this.minBucket;
    const totW = this.nodeCount;
    const totS = this.nodeSum;
    const base = f * this.n;
    let e = end;
    let missW = 0;
    let missS = 0;
    if (this.hasMissing[f]! === 1) {
      while (e > start && codes[base + seg[base + e - 1]!]! < 0) {
        e--;
        const i = seg[base + e]!;
        const c = lw[i]!;
        missW += c;
        missS += c * ly[i]!;
      }
    }
    if (e - start < 2) return;
    const sides = missW > 0 ? 2 : 1;
    for (let side = 0; side < sides; side++) {
      const missLeft = side === 1;
      let lW = missLeft ? missW : 0;
      let lS = missLeft ? missS : 0;
      let prev = codes[base + seg[base + start]!]!;
      for (let t = start; t < e; t++) {
        const i = seg[base + t]!;
        const code = codes[base + i]!;
        if (code !== prev) {
          const rW = totW - lW;
          if (rW < minBucket) break;
          if (lW >= minBucket) {
            const rS = totS - lS;
            const score = (lS * lS) / lW + (rS * rS) / rW;
            if (score > this.bestScore) this.record(f, score, prev, code, missLeft, seg[base + t - 1]!, i);
          }
          prev = code;
        }
        const c = lw[i]!;
        lW += c;
        lS += c * ly[i]!;
      }
    }
  }

  /** `lastLeftCase` and `firstRightCase`: the in-bag cases (local indices) just before and after the cut. */
  private record(f: number, score: number, lastLeft: number, firstRight: number, missingLeft: boolean, lastLeftCase: number, firstRightCase: number): void {
    this.bestScore = score;
    this.bestFeature = f;
    this.bestCode = lastLeft;
    this.bestMissingLeft = missingLeft;
    this.bestFirstRightCode = firstRight;
    this.bestLastLeft = lastLeftCase;
    this.bestFirstRight = firstRightCase;
  }

  /** Numeric: midway between the largest value going left and the smallest going right; categorical: between the codes. */
  private bestThreshold(): number {
    const f = this.bestFeature;
    if (this.categorical[f]! === 1) return (this.bestCode + this.bestFirstRightCode) / 2;
    const column = this.columns[f]!;
    return (column[this.rowOf[this.bestLastLeft]!]! + column[this.rowOf[this.bestFirstRight]!]!) / 2;
  }

  /**
   * Stably splits every feature's segment [start, end) into left then right cases; returns the
   * first right position. When neither child can be split further only the first segment (which
   * node statistics read) is kept in order.
   */
  private partition(start: number, end: number, childDepth: number): number {
    const { seg, goLeft, tmp, n } = this;
    const f = this.bestFeature;
    const codes = this.lcodes;
    const lw = this.lw;
    const cut = this.bestCode;
    const missingLeft = this.bestMissingLeft ? 1 : 0;
    const base = f * n;
    let leftW = 0;
    let totW = 0;
    let nLeft = 0;
    for (let t = start; t < end; t++) {
      const i = seg[base + t]!;
      const c = codes[base + i]!;
      const g = c < 0 ? missingLeft : c <= cut ? 1 : 0;
      goLeft[i] = g;
      const w = lw[i]!;
      totW += w;
      leftW += g * w;
      nLeft += g;
    }
    const minNodeSize = this.minNodeSize;
    const maxDepth = this.maxDepth;
    const childrenSplittable = childDepth < maxDepth && (leftW > minNodeSize || totW - leftW > minNodeSize);
    const features = childrenSplittable ? this.p : 1;
    // The split feature's own segment is already left-then-right unless missing values go left.
    const skip = missingLeft === 1 ? -1 : f;
    for (let g = 0; g < features; g++) {
      if (g === skip) continue;
      const b = g * n;
      let l = b + start;
      let r = 0;
      for (let t = b + start; t < b + end; t++) {
        const i = seg[t]!;
        const left = goLeft[i]!;
        seg[l] = i;
        tmp[r] = i;
        l += left;
        r += 1 - left;
      }
      for (let u = 0; u < r; u++) seg[l + u] = tmp[u]!;
    }
    return start + nLeft;
  }

  private growStack(): void {
    const size = this.stackStart.length * 2;
    const extend = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.stackStart = extend(this.stackStart);
    this.stackEnd = extend(this.stackEnd);
    this.stackNode = extend(this.stackNode);
    this.stackDepth = extend(this.stackDepth);
  }
}
