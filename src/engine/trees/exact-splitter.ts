/**
 * Exact best-split search on coded features (CART and Ranger). For one node and one feature it
 * aggregates the node's cases per distinct code — a dense count over all codes when the node is
 * large relative to the number of distinct values, a sort of packed (code, position) keys when it
 * is small — and scans the ordered groups. All buffers are allocated once per fit.
 *
 * Criterion (both rpart and ranger): maximise Σ_children Σ_k c_k² / W (Gini, classification) or
 * S² / W (sum of squares, regression); the improvement is that minus the parent's term, i.e. the
 * weighted Gini / SSE decrease. Missing values are tried on both sides and the better side is
 * learned per split.
 */
import type { CodedFeature } from './feature-codes.js';

export interface NodeStats {
  /** Sum of statistic weights (case weight × in-bag count). */
  w: number;
  /** Number of cases (in-bag count), the unit of minsplit/minbucket/min_node_size. */
  count: number;
  /** Regression: Σ w·y. */
  sum: number;
  /** Regression: Σ w·y². */
  sumSq: number;
  /** Classification: weighted class totals. */
  classW: Float64Array;
}

export function newNodeStats(nClasses: number): NodeStats {
  return { w: 0, count: 0, sum: 0, sumSq: 0, classW: new Float64Array(Math.max(nClasses, 1)) };
}

export class ExactSplitter {
  // Best split of the current node.
  bestFeature = -1;
  bestImprovement = 0;
  bestThreshold = 0;
  /** Numeric: highest code that goes left. */
  bestCode = 0;
  bestMissingLeft = false;
  bestCategoryLeft: Uint8Array | null = null;

  private readonly classOf: Int32Array;
  private readonly keys: Float64Array;
  private readonly codeScale: number;
  private readonly denseW: Float64Array;
  private readonly denseC: Float64Array;
  private readonly denseS: Float64Array;
  private readonly denseK: Float64Array;
  private readonly groupCode: Int32Array;
  private readonly groupW: Float64Array;
  private readonly groupC: Float64Array;
  private readonly groupS: Float64Array;
  private readonly groupK: Float64Array;
  private readonly order: Int32Array;
  private readonly orderKey: Float64Array;
  private readonly missK: Float64Array;
  private readonly leftK: Float64Array;
  private groups = 0;
  private missW = 0;
  private missC = 0;
  private missS = 0;
  private bestScore = 0;
  private parentScore = 0;

  constructor(
    private readonly features: CodedFeature[],
    private readonly y: Float64Array,
    private readonly nClasses: number,
    /** Per case: statistic weight and count (both indexed by case id). */
    private readonly weight: Float64Array,
    private readonly count: Float64Array,
    private readonly minBucket: number,
    /** CART: categorical features split by level subsets; Ranger: by code order. */
    private readonly categoricalSubsets: boolean,
  ) {
    const n = y.length;
    const K = Math.max(nClasses, 1);
    let maxCodes = 1;
    for (const f of features) maxCodes = Math.max(maxCodes, f.nCodes);
    this.classOf = new Int32Array(n);
    if (nClasses > 0) for (let i = 0; i < n; i++) this.classOf[i] = y[i]! | 0;
    this.keys = new Float64Array(n);
    this.codeScale = 2 ** Math.ceil(Math.log2(n + 1));
    this.denseW = new Float64Array(maxCodes);
    this.denseC = new Float64Array(maxCodes);
    this.denseS = new Float64Array(nClasses > 0 ? 0 : maxCodes);
    this.denseK = new Float64Array(nClasses > 0 ? maxCodes * K : 0);
    const maxGroups = Math.min(maxCodes, n);
    this.groupCode = new Int32Array(maxGroups);
    this.groupW = new Float64Array(maxGroups);
    this.groupC = new Float64Array(maxGroups);
    this.groupS = new Float64Array(nClasses > 0 ? 0 : maxGroups);
    this.groupK = new Float64Array(nClasses > 0 ? maxGroups * K : 0);
    this.order = new Int32Array(maxGroups);
    this.orderKey = new Float64Array(maxGroups);
    this.missK = new Float64Array(K);
    this.leftK = new Float64Array(K);
  }

  /** Fills `stats` for the cases idx[start, end). */
  nodeStats(idx: Int32Array, start: number, end: number, stats: NodeStats): void {
    const { weight, count, y, classOf, nClasses } = this;
    let w = 0;
    let c = 0;
    let s = 0;
    let ss = 0;
    stats.classW.fill(0);
    for (let t = start; t < end; t++) {
      const i = idx[t]!;
      const wi = weight[i]!;
      w += wi;
      c += count[i]!;
      if (nClasses > 0) stats.classW[classOf[i]!] += wi;
      else {
        const yi = y[i]!;
        s += wi * yi;
        ss += wi * yi * yi;
      }
    }
    stats.w = w;
    stats.count = c;
    stats.sum = s;
    stats.sumSq = ss;
  }

  /** Σ_k c_k²/W or S²/W of a node: the parent term of the criterion. */
  score(stats: NodeStats): number {
    if (stats.w <= 0) return 0;
    if (this.nClasses === 0) return (stats.sum * stats.sum) / stats.w;
    let q = 0;
    for (let k = 0; k < this.nClasses; k++) q += stats.classW[k]! * stats.classW[k]!;
    return q / stats.w;
  }

  /** Starts a new node search. */
  reset(parent: NodeStats): void {
    this.bestFeature = -1;
    this.bestImprovement = 0;
    this.bestCategoryLeft = null;
    this.parentScore = this.score(parent);
    this.bestScore = this.parentScore + 1e-10 * Math.abs(this.parentScore) + 1e-300;
  }

  /** Evaluates every split of feature `f` for the cases idx[start, end); keeps it if best so far. */
  evaluate(f: number, idx: Int32Array, start: number, end: number, parent: NodeStats): void {
    const feature = this.features[f]!;
    this.aggregate(feature, idx, start, end);
    if (this.groups < 2) return;
    if (feature.categorical && this.categoricalSubsets) this.scanCategorical(f, feature, parent);
    else this.scan(f, feature, parent, null);
  }

  /** Moves the cases that go left to the front of idx[start, end); returns the first right position. */
  partition(idx: Int32Array, start: number, end: number): number {
    const feature = this.features[this.bestFeature]!;
    const codes = feature.codes;
    const mask = this.bestCategoryLeft;
    const missingLeft = this.bestMissingLeft;
    const cut = this.bestCode;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      const c = codes[idx[i]!]!;
      const left = c < 0 ? missingLeft : mask !== null ? mask[c] === 1 : c <= cut;
      if (left) i++;
      else {
        const tmp = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = tmp;
        j--;
      }
    }
    return i;
  }

  private aggregate(feature: CodedFeature, idx: Int32Array, start: number, end: number): void {
    const { weight, count, y, classOf, nClasses } = this;
    const K = nClasses;
    const codes = feature.codes;
    const Q = feature.nCodes;
    const m = end - start;
    const { groupCode, groupW, groupC, groupS, groupK, missK } = this;
    let missW = 0;
    let missC = 0;
    let missS = 0;
    if (K > 0) missK.fill(0);
    let G = 0;
    if (Q <= 4 * m) {
      const { denseW, denseC, denseS, denseK } = this;
      denseW.fill(0, 0, Q);
      denseC.fill(0, 0, Q);
      if (K > 0) denseK.fill(0, 0, Q * K);
      else denseS.fill(0, 0, Q);
      for (let t = start; t < end; t++) {
        const i = idx[t]!;
        const c = codes[i]!;
        const wi = weight[i]!;
        if (c < 0) {
          missW += wi;
          missC += count[i]!;
          if (K > 0) missK[classOf[i]!] += wi;
          else missS += wi * y[i]!;
          continue;
        }
        denseW[c] += wi;
        denseC[c] += count[i]!;
        if (K > 0) denseK[c * K + classOf[i]!] += wi;
        else denseS[c] += wi * y[i]!;
      }
      for (let q = 0; q < Q; q++) {
        if (denseC[q]! === 0) continue;
        groupCode[G] = q;
        groupW[G] = denseW[q]!;
        groupC[G] = denseC[q]!;
        if (K > 0) for (let k = 0; k < K; k++) groupK[G * K + k] = denseK[q * K + k]!;
        else groupS[G] = denseS[q]!;
        G++;
      }
    } else {
      const keys = this.keys;
      const scale = this.codeScale;
      let M = 0;
      for (let t = start; t < end; t++) {
        const i = idx[t]!;
        const c = codes[i]!;
        if (c < 0) {
          const wi = weight[i]!;
          missW += wi;
          missC += count[i]!;
          if (K > 0) missK[classOf[i]!] += wi;
          else missS += wi * y[i]!;
          continue;
        }
        keys[M++] = c * scale + (t - start);
      }
      keys.subarray(0, M).sort();
      const inv = 1 / scale;
      let prev = -1;
      for (let u = 0; u < M; u++) {
        const key = keys[u]!;
        const c = Math.floor(key * inv);
        const i = idx[start + (key - c * scale)]!;
        if (c !== prev) {
          groupCode[G] = c;
          groupW[G] = 0;
          groupC[G] = 0;
          if (K > 0) for (let k = 0; k < K; k++) groupK[G * K + k] = 0;
          else groupS[G] = 0;
          G++;
          prev = c;
        }
        const g = G - 1;
        const wi = weight[i]!;
        groupW[g] += wi;
        groupC[g] += count[i]!;
        if (K > 0) groupK[g * K + classOf[i]!] += wi;
        else groupS[g] += wi * y[i]!;
      }
    }
    this.groups = G;
    this.missW = missW;
    this.missC = missC;
    this.missS = missS;
  }

  /** Scans groups in code order (order = null) or in the given order; records the best cut. */
  private scan(f: number, feature: CodedFeature, parent: NodeStats, order: Int32Array | null): boolean {
    const K = this.nClasses;
    const G = this.groups;
    const { groupW, groupC, groupS, groupK, leftK, missK, minBucket } = this;
    const totW = parent.w;
    const totC = parent.count;
    const totS = parent.sum;
    const totK = parent.classW;
    let found = false;
    const sides = this.missC > 0 ? 2 : 1;
    for (let side = 0; side < sides; side++) {
      const missLeft = side === 1;
      let lW = missLeft ? this.missW : 0;
      let lC = missLeft ? this.missC : 0;
      let lS = missLeft ? this.missS : 0;
      if (K > 0) for (let k = 0; k < K; k++) leftK[k] = missLeft ? missK[k]! : 0;
      for (let u = 0; u < G - 1; u++) {
        const g = order === null ? u : order[u]!;
        lW += groupW[g]!;
        lC += groupC[g]!;
        if (K > 0) for (let k = 0; k < K; k++) leftK[k] += groupK[g * K + k]!;
        else lS += groupS[g]!;
        if (lC < minBucket) continue;
        const rC = totC - lC;
        if (rC < minBucket) break;
        const rW = totW - lW;
        if (lW <= 0 || rW <= 0) continue;
        let score: number;
        if (K > 0) {
          let ql = 0;
          let qr = 0;
          for (let k = 0; k < K; k++) {
            const a = leftK[k]!;
            const b = totK[k]! - a;
            ql += a * a;
            qr += b * b;
          }
          score = ql / lW + qr / rW;
        } else {
          const rS = totS - lS;
          score = (lS * lS) / lW + (rS * rS) / rW;
        }
        if (score > this.bestScore) {
          this.bestScore = score;
          this.bestFeature = f;
          this.bestImprovement = score - this.parentScore;
          this.bestMissingLeft = missLeft;
          found = true;
          if (order === null) {
            const lo = this.groupCode[g]!;
            const hi = this.groupCode[g + 1]!;
            this.bestCode = lo;
            this.bestThreshold = (feature.values[lo]! + feature.values[hi]!) / 2;
            this.bestCategoryLeft = null;
          } else {
            this.recordSubset(feature, order, u, missLeft);
          }
        }
      }
    }
    return found;
  }

  private recordSubset(feature: CodedFeature, order: Int32Array, lastLeft: number, missLeft: boolean): void {
    // Levels absent from the node follow the missing values.
    const mask = new Uint8Array(feature.nCodes).fill(missLeft ? 1 : 0);
    for (let u = 0; u < this.groups; u++) mask[this.groupCode[order[u]!]!] = u <= lastLeft ? 1 : 0;
    this.bestCategoryLeft = mask;
    this.bestThreshold = 0;
    this.bestCode = -1;
  }

  /**
   * Level subsets: order the levels by mean outcome (regression) or by the proportion of one
   * class (each class in turn when there are more than two) and scan the ordered prefixes —
   * optimal for regression and binary outcomes (Breiman et al.), a heuristic beyond that.
   */
  private scanCategorical(f: number, feature: CodedFeature, parent: NodeStats): void {
    const K = this.nClasses;
    const G = this.groups;
    const { order, orderKey, groupW, groupS, groupK } = this;
    const passes = K === 0 ? 1 : K === 2 ? 1 : K;
    for (let pass = 0; pass < passes; pass++) {
      const cls = K === 2 ? 1 : pass;
      for (let g = 0; g < G; g++) {
        const w = groupW[g]!;
        orderKey[g] = w > 0 ? (K === 0 ? groupS[g]! : groupK[g * K + cls]!) / w : 0;
        order[g] = g;
      }
      const view = order.subarray(0, G);
      view.sort((a, b) => orderKey[a]! - orderKey[b]!);
      this.scan(f, feature, parent, order);
    }
  }
}
