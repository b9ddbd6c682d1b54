/**
 * rpart's tree growth on presorted case lists. Like rpart, each numeric feature is sorted once per
 * fit (in rpart's own tie order, see rpart-sort.ts) and a split stably partitions every feature's
 * list in place, so a node's split search is one pass per feature in sorted order. Only the first
 * feature's list is partitioned at once (node evaluation reads it); the others wait until a child
 * is to be split, so a split whose children both stay leaves costs one list, not p.
 *
 * The arithmetic follows rpart's C code so that the same split wins when two are equally good:
 * anova sums are centred at the mean of the feature's non-missing cases and accumulated in that
 * feature's order, the improvement is divided by the node risk, Gini uses rpart's altered priors
 * and Σ w·p(1−p) impurities, a variable replaces the current best only when strictly better, and
 * the node risk is summed in the first feature's order. rpart's early stop is kept too: a node
 * whose complexity bound (inherited from its parent) is ≤ cp × root risk is not split.
 *
 * Departure from rpart (no surrogates): cases with a missing split value go to the side that gives
 * the larger improvement, learned per split; both sides are tried.
 */
import { SortScratch, rpartOrder } from './rpart-sort.js';
import { TreeBuilder, type FlatTree } from './tree-model.js';

export interface CartSettings {
  nClasses: number;
  cp: number;
  minsplit: number;
  minbucket: number;
  maxdepth: number;
}

export interface GrownCart {
  tree: FlatTree;
  /** Per node: rpart's complexity (the cp at which the node's split would be pruned). */
  complexity: number[];
  /** Per node: the split's risk decrease (0 for leaves). */
  improvement: number[];
  rootRisk: number;
}

/**
 * The work arrays of one fit. Lists (seg, sx, and sw when weighted) hold ≥ p·m entries, the
 * others ≥ m; every entry is written before it is read, so a finished fit's arrays serve the next
 * fit as they are.
 */
class CartBuffers {
  readonly seg: Int32Array;
  readonly sx: Float64Array;
  private weightList: Float64Array | null = null;
  readonly tmpSeg: Int32Array;
  readonly tmpX: Float64Array;
  readonly tmpW: Float64Array;
  readonly listY: Float64Array;
  readonly goLeft: Uint8Array;
  readonly value: Float64Array;
  readonly sortKey: Float64Array;
  readonly order: Int32Array;
  readonly sort: SortScratch;

  constructor(
    readonly listCapacity: number,
    readonly caseCapacity: number,
  ) {
    this.seg = new Int32Array(listCapacity);
    this.sx = new Float64Array(listCapacity);
    this.tmpSeg = new Int32Array(caseCapacity);
    this.tmpX = new Float64Array(caseCapacity);
    this.listY = new Float64Array(caseCapacity);
    this.tmpW = new Float64Array(caseCapacity);
    this.goLeft = new Uint8Array(caseCapacity);
    this.value = new Float64Array(caseCapacity);
    this.sortKey = new Float64Array(caseCapacity);
    this.order = new Int32Array(caseCapacity);
    this.sort = new SortScratch(caseCapacity);
  }

  /** The weight list, made for the first fit with case weights: unweighted fits (most) never pay for it. */
  get sw(): Float64Array {
    this.weightList ??= new Float64Array(this.listCapacity);
    return this.weightList;
  }
}

/** Without case weights every list weight is 1: `sw` is this one entry, read with stride 0. */
const UNIT_WEIGHT = Float64Array.of(1);

/**
 * The last finished fit's buffers, reused by the next fit they are large enough for: resampling
 * and tuning refit CART many times, and fresh arrays cost page faults, zeroing and collection
 * (about a tenth of a 10k-case fit). Only buffers up to MAX_SPARE_LIST list entries (20–28 MB)
 * are kept, so an idle worker holds little. Concurrent fits simply allocate their own.
 */
let spare: CartBuffers | null = null;
const MAX_SPARE_LIST = 1 << 20;

function takeBuffers(listSize: number, cases: number): CartBuffers {
  const found = spare;
  if (found !== null && found.listCapacity >= listSize && found.caseCapacity >= cases) {
    spare = null;
    return found;
  }
  return new CartBuffers(listSize, cases);
}

function releaseBuffers(buffers: CartBuffers): void {
  if (buffers.listCapacity > MAX_SPARE_LIST) return;
  if (spare === null || spare.listCapacity < buffers.listCapacity) spare = buffers;
}

/** A split node whose feature lists other than the first are not yet partitioned. */
interface DeferredPartition {
  start: number;
  end: number;
  done: boolean;
}

/** Above this many present levels, multi-class subsets are searched by class-rate orderings instead of exhaustively. */
const MAX_EXHAUSTIVE_LEVELS = 16;

export class CartGrower {
  private readonly m: number;
  private readonly p: number;
  private readonly K: number;
  private readonly edge: number;
  /** Per local case: weight, outcome, class. */
  private readonly lw: Float64Array;
  private readonly ly: Float64Array;
  private readonly lcls: Int32Array;
  /**
   * Feature f's list: each node's local cases in rpart's order at [f·m + start, f·m + end), with
   * the case's value (numeric) or level code (categorical; NaN = missing) and weight stored
   * alongside so that scans read them sequentially. Outcomes are read through the case (ly[seg[t]]):
   * a list of them would cost p·m·8 bytes more (320 MB per 800k × 50 fold), for one gather from
   * an m-long array.
   */
  private readonly seg: Int32Array;
  private readonly sx: Float64Array;
  /** The weight list, or UNIT_WEIGHT without case weights; entry t is sw[t * swStride]. */
  private readonly sw: Float64Array;
  private readonly swStride: number;
  private readonly tmpSeg: Int32Array;
  private readonly tmpX: Float64Array;
  private readonly tmpW: Float64Array;
  /** The outcomes of the list range being scanned, in list order (listOutcomes). */
  private readonly listY: Float64Array;
  private readonly goLeft: Uint8Array;
  /** Holds the arrays above from `seg` to `goLeft`; handed back when growth ends. */
  private readonly buffers: CartBuffers;
  private grown = false;
  /** False when every case weight is 1. */
  private readonly weighted: boolean;
  private readonly nLevels: Int32Array;
  // Classification: rpart's altered priors (aprior) and prior / frequency ratios.
  private readonly aprior: Float64Array;
  private readonly priorRatio: Float64Array;
  // Scratch for one node.
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly missK: Float64Array;
  private readonly nonK: Float64Array;
  private readonly freq: Float64Array;
  private readonly value: Float64Array;
  private readonly levelN: Float64Array;
  private readonly levelW: Float64Array;
  private readonly levelS: Float64Array;
  private readonly levelK: Float64Array;
  private readonly rank: Float64Array;
  private readonly gray: Int32Array;
  private readonly side: Int8Array;
  private readonly candMask: Uint8Array;

  /** Largest improvement seen so far in this fit: rpart's scale for "essentially zero". */
  private iscale = 0;
  // Best split of the current node (rpart's primary split).
  private bestFeature = -1;
  private bestImprove = 0;
  private bestGain = 0;
  private bestSplit = 0;
  private bestMissingLeft = false;
  private bestMask: Uint8Array | null = null;
  // Candidate of the feature being scanned.
  private candImprove = 0;
  private candGain = 0;
  private candSplit = 0;
  private candMissingLeft = false;
  private nodeRisk = 0;

  constructor(
    x: Float64Array[],
    featureLevels: (string[] | null)[],
    y: Float64Array,
    weights: Float64Array | null,
    private readonly settings: CartSettings,
  ) {
    const n = y.length;
    const K = settings.nClasses;
    this.K = K;
    this.p = x.length;
    this.edge = settings.minbucket;
    const keep = new Int32Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === null ? 1 : weights[i]!;
      if (w > 0 && Number.isFinite(y[i]!)) keep[m++] = i;
    }
    if (m === 0) throw new Error('CART: no cases with a positive weight and an outcome');
    this.m = m;
    this.lw = new Float64Array(m);
    this.ly = new Float64Array(m);
    this.lcls = new Int32Array(m);
    for (let l = 0; l < m; l++) {
      const i = keep[l]!;
      this.lw[l] = weights === null ? 1 : weights[i]!;
      this.ly[l] = y[i]!;
      this.lcls[l] = K > 0 ? y[i]! | 0 : 0;
    }
    this.weighted = this.lw.some((w) => w !== 1);

    const p = this.p;
    this.nLevels = Int32Array.from(featureLevels, (levels) => (levels === null ? 0 : levels.length));
    const buffers = takeBuffers(p * m, m);
    this.buffers = buffers;
    const { seg, sx } = buffers;
    const sw = this.weighted ? buffers.sw : null;
    const { lw } = this;
    const value = buffers.value.subarray(0, m);
    const sortKey = buffers.sortKey.subarray(0, m);
    const order = buffers.order.subarray(0, m);
    let maxLevels = 1;
    for (let f = 0; f < p; f++) {
      const L = this.nLevels[f]!;
      maxLevels = Math.max(maxLevels, L);
      presentValues(x[f]!, keep, L, value, sortKey, order);
      if (L === 0) rpartOrder(sortKey, order, buffers.sort);
      writeList(order, value, lw, f * m, seg, sx, sw);
    }
    this.seg = seg;
    this.sx = sx;
    this.sw = sw ?? UNIT_WEIGHT;
    this.swStride = sw === null ? 0 : 1;
    this.tmpSeg = buffers.tmpSeg;
    this.tmpX = buffers.tmpX;
    this.tmpW = buffers.tmpW;
    this.listY = buffers.listY;
    this.goLeft = buffers.goLeft;

    const width = Math.max(K, 1);
    this.aprior = new Float64Array(width);
    this.priorRatio = new Float64Array(width);
    if (K > 0) this.initPriors();
    this.left = new Float64Array(width);
    this.right = new Float64Array(width);
    this.missK = new Float64Array(width);
    this.nonK = new Float64Array(width);
    this.freq = new Float64Array(width);
    this.value = new Float64Array(width);
    this.levelN = new Float64Array(maxLevels);
    this.levelW = new Float64Array(maxLevels);
    this.levelS = new Float64Array(maxLevels);
    this.levelK = new Float64Array(maxLevels * width);
    this.rank = new Float64Array(maxLevels);
    this.gray = new Int32Array(maxLevels);
    this.side = new Int8Array(maxLevels);
    this.candMask = new Uint8Array(maxLevels);
  }

  /** Grows the tree; `pause` is awaited after every split so long fits stay cancellable. */
  async grow(pause: () => Promise<void>): Promise<GrownCart> {
    if (this.grown) throw new Error('CART: a grower grows one tree');
    this.grown = true;
    try {
      return await this.growTree(pause);
    } finally {
      releaseBuffers(this.buffers);
    }
  }

  private async growTree(pause: () => Promise<void>): Promise<GrownCart> {
    const builder = new TreeBuilder(Math.max(this.K, 1));
    const risk: number[] = [];
    const complexity: number[] = [];
    const improvement: number[] = [];
    const { minsplit, maxdepth } = this.settings;

    const rootRisk = this.evaluateNode(0, this.m, true);
    const alpha = this.settings.cp * rootRisk;

    // rpart's partition(): `bound` is the complexity the parent allows this node.
    // A split partitions feature 0's list at once and the others only when a child is split.
    const grow = async (
      start: number,
      end: number,
      depth: number,
      bound: number,
      parent: DeferredPartition | null,
    ): Promise<{ risk: number; nsplit: number }> => {
      const node = builder.addNode();
      const ownRisk = depth === 0 ? rootRisk : this.evaluateNode(start, end, false);
      builder.setValue(node, this.value);
      risk[node] = ownRisk;
      complexity[node] = alpha;
      improvement[node] = 0;
      const leaf = { risk: ownRisk, nsplit: 0 };
      const ownBound = depth === 0 ? ownRisk : bound;
      const tempcp = Math.min(ownRisk, ownBound);
      if (end - start < minsplit || tempcp <= alpha || depth >= maxdepth) return leaf;
      // goLeft still holds the parent's sides: a sibling's subtree writes it only after this.
      if (parent !== null && !parent.done) {
        this.partitionRest(parent.start, parent.end);
        parent.done = true;
      }

      this.nodeRisk = ownRisk;
      this.findSplit(start, end);
      if (this.bestFeature < 0) return leaf;
      const feature = this.bestFeature;
      const split = this.bestSplit;
      const missingLeft = this.bestMissingLeft;
      const mask = this.bestMask;
      const gain = this.bestGain;
      const mid = this.partitionFirst(start, end);
      const deferred: DeferredPartition = { start, end, done: false };
      await pause();

      const leftId = builder.size;
      const left = await grow(start, mid, depth + 1, tempcp - alpha, deferred);
      let rightBound = Math.max((ownRisk - left.risk) / (left.nsplit + 1), ownRisk - risk[leftId]!);
      rightBound = Math.min(rightBound, ownBound);
      const rightId = builder.size;
      const right = await grow(mid, end, depth + 1, rightBound - alpha, deferred);
      // x < split goes left as in rpart: the largest double below the split point.
      const threshold = mask === null ? nextDown(split) : 0;
      builder.setSplit(node, feature, threshold, missingLeft, mask, leftId, rightId);
      improvement[node] = gain;

      // rpart's weakest-link calculation: a child subtree that would be pruned before this
      // split counts as a single leaf.
      let leftRisk = left.risk;
      let leftSplits = left.nsplit;
      let rightRisk = right.risk;
      let rightSplits = right.nsplit;
      const cpOf = () => (ownRisk - (leftRisk + rightRisk)) / (leftSplits + rightSplits + 1);
      let cp = cpOf();
      if (complexity[rightId]! > complexity[leftId]!) {
        if (cp > complexity[leftId]!) {
          leftRisk = risk[leftId]!;
          leftSplits = 0;
          cp = cpOf();
          if (cp > complexity[rightId]!) {
            rightRisk = risk[rightId]!;
            rightSplits = 0;
          }
        }
      } else if (cp > complexity[rightId]!) {
        rightRisk = risk[rightId]!;
        rightSplits = 0;
        cp = cpOf();
        if (cp > complexity[leftId]!) {
          leftRisk = risk[leftId]!;
          leftSplits = 0;
        }
      }
      cp = cpOf();
      if (cp <= alpha) {
        builder.collapse(node);
        risk.length = complexity.length = improvement.length = node + 1;
        complexity[node] = alpha;
        improvement[node] = 0;
        return leaf;
      }
      complexity[node] = cp;
      return { risk: leftRisk + rightRisk, nsplit: leftSplits + rightSplits + 1 };
    };
    await grow(0, this.m, 0, rootRisk, null);
    return { tree: builder.build(), complexity, improvement, rootRisk };
  }

  /**
   * rpart's node evaluation (anovass / ginidev): fills `value` and returns the node risk. The root
   * sums in data order, every other node in the first feature's order.
   */
  private evaluateNode(start: number, end: number, root: boolean): number {
    const { K, value } = this;
    // Feature 0's list (at offset 0) holds the node's cases in its order; the root (0 to m) reads the data order.
    const ys = root ? this.ly : this.listOutcomes(start, end);
    const ws = root ? this.lw : this.sw;
    const wStride = root ? 1 : this.swStride;
    if (K === 0) {
      let sum = 0;
      let wt = 0;
      for (let t = start; t < end; t++) {
        sum += ys[t - start]! * ws[t * wStride]!;
        wt += ws[t * wStride]!;
      }
      const mean = sum / wt;
      let ss = 0;
      for (let t = start; t < end; t++) {
        const d = ys[t - start]! - mean;
        ss += d * d * ws[t * wStride]!;
      }
      value[0] = mean;
      return ss;
    }
    const freq = this.freq;
    freq.fill(0);
    let total = 0;
    for (let t = start; t < end; t++) {
      freq[ys[t - start]! | 0] += ws[t * wStride]!;
      total += ws[t * wStride]!;
    }
    let dev = 0;
    for (let c = 0; c < K; c++) {
      // Unit losses: predicting class c costs every other class's weight.
      let cost = 0;
      for (let k = 0; k < K; k++) if (k !== c) cost += freq[k]! * this.priorRatio[k]!;
      if (c === 0 || cost < dev) dev = cost;
    }
    for (let k = 0; k < K; k++) value[k] = freq[k]! / total;
    return dev;
  }

  /**
   * The outcomes of list entries [from, to), gathered once into sequential scratch: a scan
   * passes over them two or three times.
   */
  private listOutcomes(from: number, to: number): Float64Array {
    const { ly, seg, listY } = this;
    for (let t = from; t < to; t++) listY[t - from] = ly[seg[t]!]!;
    return listY;
  }

  /** rpart's bsplit(): every feature in turn; a later one replaces the best only if strictly better. */
  private findSplit(start: number, end: number): void {
    this.bestFeature = -1;
    this.bestMask = null;
    for (let f = 0; f < this.p; f++) {
      const L = this.nLevels[f]!;
      const found =
        L === 0
          ? this.K > 0
            ? this.scanGiniNumeric(f, start, end)
            : this.scanAnovaNumeric(f, start, end)
          : this.scanCategorical(f, L, start, end);
      if (!found) continue;
      const improve = this.candImprove;
      if (improve > this.iscale) this.iscale = improve;
      if (!(improve > this.iscale * 1e-10)) continue;
      if (this.bestFeature >= 0 && improve <= this.bestImprove) continue;
      this.bestFeature = f;
      this.bestImprove = improve;
      this.bestGain = this.candGain;
      this.bestSplit = this.candSplit;
      this.bestMissingLeft = this.candMissingLeft;
      this.bestMask = L === 0 ? null : this.candMask.slice(0, L);
    }
  }

  /** rpart's anova() for a numeric feature; sets the candidate and returns whether one exists. */
  private scanAnovaNumeric(f: number, start: number, end: number): boolean {
    const { m, sx, sw, swStride, edge } = this;
    const base = f * m;
    const o = base + start;
    const ys = this.listOutcomes(o, base + end);
    let k = 0;
    let sum = 0;
    let wt = 0;
    let missN = 0;
    let missW = 0;
    let first = NaN;
    let last = NaN;
    for (let t = base + start; t < base + end; t++) {
      const x = sx[t]!;
      if (x !== x) {
        missN++;
        missW += sw[t * swStride]!;
        continue;
      }
      if (k === 0) first = x;
      last = x;
      k++;
      sum += ys[t - o]! * sw[t * swStride]!;
      wt += sw[t * swStride]!;
    }
    if (k === 0 || first === last) return false;
    const grandmean = sum / wt;
    let missS = 0;
    if (missN > 0) {
      for (let t = base + start; t < base + end; t++) {
        if (sx[t]! !== sx[t]!) missS += (ys[t - o]! - grandmean) * sw[t * swStride]!;
      }
    }
    // With missing values the parent term is no longer zero: Σ over all cases, centred sums.
    const parent = missN > 0 ? (missS * missS) / (wt + missW) : 0;
    let best = parent;
    let found = false;
    for (let s = 0; s < (missN > 0 ? 2 : 1); s++) {
      const missLeft = s === 1;
      let leftN = missLeft ? missN : 0;
      let rightN = missLeft ? k : k + missN;
      let leftW = missLeft ? missW : 0;
      let rightW = missLeft ? wt : wt + missW;
      let leftS = missLeft ? missS : 0;
      let rightS = missLeft ? 0 : missS;
      let prev = NaN;
      for (let t = base + start; t < base + end; t++) {
        const x = sx[t]!;
        if (x !== x) continue;
        if (x !== prev && leftN >= edge && prev === prev) {
          const temp = (leftS * leftS) / leftW + (rightS * rightS) / rightW;
          if (temp > best) {
            best = temp;
            found = true;
            this.candSplit = (prev + x) / 2;
            this.candMissingLeft = missLeft;
          }
        }
        if (rightN <= edge) break;
        const w = sw[t * swStride]!;
        leftW += w;
        rightW -= w;
        leftN++;
        rightN--;
        const d = (ys[t - o]! - grandmean) * w;
        leftS += d;
        rightS -= d;
        prev = x;
      }
    }
    if (!found) return false;
    this.candGain = best - parent;
    this.candImprove = this.candGain / this.nodeRisk;
    return true;
  }

  /** rpart's gini() for a numeric feature. */
  private scanGiniNumeric(f: number, start: number, end: number): boolean {
    const { m, K, sx, sw, swStride, edge, aprior, left, right, missK, nonK } = this;
    const base = f * m;
    const o = base + start;
    const ys = this.listOutcomes(o, base + end);
    let k = 0;
    let nonA = 0;
    let missN = 0;
    let missA = 0;
    let first = NaN;
    let last = NaN;
    nonK.fill(0);
    missK.fill(0);
    for (let t = base + start; t < base + end; t++) {
      const x = sx[t]!;
      const c = (ys[t - o]! | 0);
      if (x !== x) {
        missN++;
        missA += aprior[c]! * sw[t * swStride]!;
        missK[c] += sw[t * swStride]!;
        continue;
      }
      if (k === 0) first = x;
      last = x;
      k++;
      nonA += aprior[c]! * sw[t * swStride]!;
      nonK[c] += sw[t * swStride]!;
    }
    if (k === 0 || first === last) return false;
    const allA = nonA + missA;
    let totalSS = 0;
    for (let c = 0; c < K; c++) {
      const q = (aprior[c]! * (nonK[c]! + missK[c]!)) / allA;
      totalSS += allA * (q * (1 - q));
    }
    let best = totalSS;
    let found = false;
    for (let s = 0; s < (missN > 0 ? 2 : 1); s++) {
      const missLeft = s === 1;
      let leftN = missLeft ? missN : 0;
      let rightN = missLeft ? k : k + missN;
      let leftA = missLeft ? missA : 0;
      let rightA = missLeft ? nonA : allA;
      for (let c = 0; c < K; c++) {
        left[c] = missLeft ? missK[c]! : 0;
        right[c] = missLeft ? nonK[c]! : nonK[c]! + missK[c]!;
      }
      if (K === 2) {
        // The binary case with the class totals in locals: same arithmetic, no array traffic.
        const a0 = aprior[0]!;
        const a1 = aprior[1]!;
        let l0 = left[0]!;
        let l1 = left[1]!;
        let r0 = right[0]!;
        let r1 = right[1]!;
        let prev = NaN;
        for (let t = base + start; t < base + end; t++) {
          const x = sx[t]!;
          if (x !== x) continue;
          if (x !== prev && leftN >= edge && prev === prev) {
            const pl0 = (a0 * l0) / leftA;
            const pr0 = (a0 * r0) / rightA;
            const pl1 = (a1 * l1) / leftA;
            const pr1 = (a1 * r1) / rightA;
            const temp = leftA * (pl0 * (1 - pl0)) + rightA * (pr0 * (1 - pr0)) + leftA * (pl1 * (1 - pl1)) + rightA * (pr1 * (1 - pr1));
            if (temp < best) {
              best = temp;
              found = true;
              this.candSplit = (prev + x) / 2;
              this.candMissingLeft = missLeft;
            }
          }
          if (rightN <= edge) break;
          const w = sw[t * swStride]!;
          rightN--;
          leftN++;
          if (ys[t - o] === 0) {
            rightA -= a0 * w;
            leftA += a0 * w;
            r0 -= w;
            l0 += w;
          } else {
            rightA -= a1 * w;
            leftA += a1 * w;
            r1 -= w;
            l1 += w;
          }
          prev = x;
        }
        continue;
      }
      let prev = NaN;
      for (let t = base + start; t < base + end; t++) {
        const x = sx[t]!;
        if (x !== x) continue;
        if (x !== prev && leftN >= edge && prev === prev) {
          const temp = this.giniChildren(leftA, rightA);
          if (temp < best) {
            best = temp;
            found = true;
            this.candSplit = (prev + x) / 2;
            this.candMissingLeft = missLeft;
          }
        }
        if (rightN <= edge) break;
        const c = ys[t - o]! | 0;
        const w = sw[t * swStride]!;
        rightA -= aprior[c]! * w;
        leftA += aprior[c]! * w;
        rightN--;
        leftN++;
        right[c] -= w;
        left[c] += w;
        prev = x;
      }
    }
    if (!found) return false;
    this.candGain = totalSS - best;
    this.candImprove = this.candGain;
    return true;
  }

  /** Σ_children W·Σ_k p_k(1 − p_k) of the current left/right class totals, in rpart's order. */
  private giniChildren(leftA: number, rightA: number): number {
    const { K, aprior, left, right } = this;
    let temp = 0;
    for (let c = 0; c < K; c++) {
      const pl = (aprior[c]! * left[c]!) / leftA;
      temp += leftA * (pl * (1 - pl));
      const pr = (aprior[c]! * right[c]!) / rightA;
      temp += rightA * (pr * (1 - pr));
    }
    return temp;
  }

  /**
   * Categorical feature: per-level totals, then rpart's subset search — levels ordered by mean
   * (anova) or by the first class's rate (two classes), or every subset in Gray-code order (more
   * classes). Levels absent from the node go left with the first of the ordered levels, as in
   * rpart; with exhaustive subsets they follow the missing values.
   */
  private scanCategorical(f: number, L: number, start: number, end: number): boolean {
    const { m, K, sx, sw, swStride, aprior, levelN, levelW, levelS, levelK, missK } = this;
    const base = f * m;
    const o = base + start;
    const ys = this.listOutcomes(o, base + end);
    const width = Math.max(K, 1);
    levelN.fill(0, 0, L);
    levelW.fill(0, 0, L);
    levelS.fill(0, 0, L);
    levelK.fill(0, 0, L * width);
    missK.fill(0);
    // anova centres the level sums at the mean of the non-missing cases, summed in list order.
    let grandmean = 0;
    if (K === 0) {
      let sum = 0;
      let wt = 0;
      for (let t = base + start; t < base + end; t++) {
        if (sx[t]! !== sx[t]!) continue;
        sum += ys[t - o]! * sw[t * swStride]!;
        wt += sw[t * swStride]!;
      }
      grandmean = sum / wt;
    }
    let k = 0;
    let totalW = 0;
    let missN = 0;
    let missW = 0;
    let missS = 0;
    for (let t = base + start; t < base + end; t++) {
      const x = sx[t]!;
      const w = sw[t * swStride]!;
      const a = K > 0 ? aprior[(ys[t - o]! | 0)]! * w : w;
      if (x !== x) {
        missN++;
        missW += a;
        if (K > 0) missK[(ys[t - o]! | 0)] += w;
        else missS += (ys[t - o]! - grandmean) * w;
        continue;
      }
      k++;
      totalW += a;
      levelN[x]++;
      levelW[x] += a;
      if (K > 0) levelK[x * K + (ys[t - o]! | 0)] += w;
      else levelS[x] += (ys[t - o]! - grandmean) * w;
    }
    if (k === 0) return false;
    let present = 0;
    for (let c = 0; c < L - 1; c++) if (levelN[c]! > 0) present++;
    if (K > 2 && present <= MAX_EXHAUSTIVE_LEVELS) return this.scanGrayCode(L, k, missN, missW, totalW);
    if (K === 0) {
      for (let c = 0; c < L; c++) this.rank[c] = levelS[c]! / levelW[c]!;
      return this.scanOrdered(L, k, missN, missW, missS, totalW);
    }
    const passes = K === 2 ? 1 : K;
    let found = false;
    for (let cls = 0; cls < passes; cls++) {
      for (let c = 0; c < L; c++) this.rank[c] = levelK[c * K + cls]! / levelW[c]!;
      found = this.scanOrdered(L, k, missN, missW, 0, totalW) || found;
    }
    return found;
  }

  /** Prefixes of the levels ordered by `rank` (rpart's graycode_init2 order: empty levels first). */
  private scanOrdered(L: number, k: number, missN: number, missW: number, missS: number, totalW: number): boolean {
    const { K, gray, rank, levelN, levelW, levelS, levelK, left, right, missK, nonK, edge } = this;
    let firstFilled = 0;
    for (let c = 0; c < L; c++) {
      if (levelN[c] === 0) {
        for (let j = c - 1; j >= firstFilled; j--) gray[j + 1] = gray[j]!;
        gray[firstFilled++] = c;
      } else {
        const v = rank[c]!;
        let j = c - 1;
        while (j >= firstFilled && rank[gray[j]!]! > v) {
          gray[j + 1] = gray[j]!;
          j--;
        }
        gray[j + 1] = c;
      }
    }
    if (K > 0) {
      nonK.fill(0);
      for (let c = 0; c < L; c++) for (let j = 0; j < K; j++) nonK[j] += levelK[c * K + j]!;
    }
    const allW = totalW + missW;
    let parent: number;
    if (K === 0) parent = missN > 0 ? (missS * missS) / allW : 0;
    else {
      parent = 0;
      for (let j = 0; j < K; j++) {
        const q = (this.aprior[j]! * (nonK[j]! + missK[j]!)) / allW;
        parent += allW * (q * (1 - q));
      }
    }
    let best = parent;
    let found = false;
    for (let s = 0; s < (missN > 0 ? 2 : 1); s++) {
      const missLeft = s === 1;
      let leftN = missLeft ? missN : 0;
      let rightN = missLeft ? k : k + missN;
      let leftW = missLeft ? missW : 0;
      let rightW = missLeft ? totalW : allW;
      let leftS = missLeft ? missS : 0;
      let rightS = missLeft ? 0 : missS;
      if (K > 0) {
        for (let j = 0; j < K; j++) {
          left[j] = missLeft ? missK[j]! : 0;
          right[j] = missLeft ? nonK[j]! : nonK[j]! + missK[j]!;
        }
      }
      for (let u = 0; u < L; u++) {
        const c = gray[u]!;
        leftN += levelN[c]!;
        rightN -= levelN[c]!;
        leftW += levelW[c]!;
        rightW -= levelW[c]!;
        if (K === 0) {
          leftS += levelS[c]!;
          rightS -= levelS[c]!;
        } else {
          for (let j = 0; j < K; j++) {
            right[j] -= levelK[c * K + j]!;
            left[j] += levelK[c * K + j]!;
          }
        }
        if (leftN < edge || rightN < edge) continue;
        // anova maximises Σ S²/W, Gini minimises Σ W·impurity.
        const temp = K === 0 ? (leftS * leftS) / leftW + (rightS * rightS) / rightW : this.giniChildren(leftW, rightW);
        if (K === 0 ? temp > best : temp < best) {
          best = temp;
          found = true;
          this.candMissingLeft = missLeft;
          for (let v = 0; v < L; v++) this.candMask[gray[v]!] = v <= u ? 1 : 0;
        }
      }
    }
    if (!found) return false;
    this.candGain = K === 0 ? best - parent : parent - best;
    this.candImprove = K === 0 ? this.candGain / this.nodeRisk : this.candGain;
    return true;
  }

  /** Every subset of the present levels, visited in rpart's Gray-code order (more than two classes). */
  private scanGrayCode(L: number, k: number, missN: number, missW: number, totalW: number): boolean {
    const { K, gray, side, levelN, levelW, levelK, left, right, missK, nonK, edge, aprior } = this;
    nonK.fill(0);
    for (let c = 0; c < L; c++) {
      for (let j = 0; j < K; j++) nonK[j] += levelK[c * K + j]!;
    }
    const allW = totalW + missW;
    let parent = 0;
    for (let j = 0; j < K; j++) {
      const q = (aprior[j]! * (nonK[j]! + missK[j]!)) / allW;
      parent += allW * (q * (1 - q));
    }
    let best = parent;
    let found = false;
    for (let s = 0; s < (missN > 0 ? 2 : 1); s++) {
      const missLeft = s === 1;
      let leftN = missLeft ? missN : 0;
      let rightN = missLeft ? k : k + missN;
      let leftW = missLeft ? missW : 0;
      let rightW = missLeft ? totalW : allW;
      for (let j = 0; j < K; j++) {
        left[j] = missLeft ? missK[j]! : 0;
        right[j] = missLeft ? nonK[j]! : nonK[j]! + missK[j]!;
      }
      for (let c = 0; c < L; c++) {
        gray[c] = levelN[c]! > 0 ? 1 : 0;
        side[c] = 0;
      }
      for (;;) {
        // Next level to change sides: the classic reflected Gray code over the present levels.
        let c = -1;
        for (let i = 0; i < L - 1; i++) {
          if (gray[i] === 1) {
            gray[i] = 2;
            c = i;
            break;
          }
          if (gray[i] === 2) gray[i] = 1;
        }
        if (c < 0) break;
        const sign = side[c] === 1 ? -1 : 1;
        side[c] = side[c] === 1 ? 0 : 1;
        leftN += sign * levelN[c]!;
        rightN -= sign * levelN[c]!;
        leftW += sign * levelW[c]!;
        rightW -= sign * levelW[c]!;
        for (let j = 0; j < K; j++) {
          right[j] -= sign * levelK[c * K + j]!;
          left[j] += sign * levelK[c * K + j]!;
        }
        if (leftN < edge || rightN < edge) continue;
        const temp = this.giniChildren(leftW, rightW);
        if (temp < best) {
          best = temp;
          found = true;
          this.candMissingLeft = missLeft;
          for (let v = 0; v < L; v++) this.candMask[v] = levelN[v]! > 0 ? side[v]! : missLeft ? 1 : 0;
        }
      }
    }
    if (!found) return false;
    this.candGain = parent - best;
    this.candImprove = this.candGain;
    return true;
  }

  /**
   * Sends the node's cases to their sides (`goLeft`, from the split feature's list) and stably
   * splits feature 0's list, which the children's node evaluation reads; returns the first right
   * position. The other lists wait for `partitionRest`: only a child that is split needs them.
   */
  private partitionFirst(start: number, end: number): number {
    const base = this.bestFeature * this.m;
    const missingLeft = this.bestMissingLeft ? 1 : 0;
    const nLeft = markSides(this.sx, this.seg, this.goLeft, base + start, base + end, this.bestMask, this.bestSplit, missingLeft);
    this.partitionList(start, end);
    return start + nLeft;
  }

  /** Stably splits every feature's list but the first over [start, end) by `goLeft`. */
  private partitionRest(start: number, end: number): void {
    for (let f = 1; f < this.p; f++) this.partitionList(f * this.m + start, f * this.m + end);
  }

  private partitionList(from: number, to: number): void {
    const { seg, sx, sw, weighted, goLeft, tmpSeg, tmpX, tmpW } = this;
    stablePartition(seg, sx, sw, weighted, goLeft, tmpSeg, tmpX, tmpW, from, to);
  }

  /**
   * rpart's giniinit with priors = class frequencies and unit losses: the altered priors that
   * weight each class in the impurity, and prior / frequency for the node risk.
   */
  private initPriors(): void {
    const { K, m, lw, lcls } = this;
    const counts = new Float64Array(K);
    let total = 0;
    for (let l = 0; l < m; l++) {
      counts[lcls[l]!] += lw[l]!;
      total += lw[l]!;
    }
    const prior = Float64Array.from(counts, (c) => c / total);
    const freq = prior;
    let temp = 0;
    const lossPrior = new Float64Array(K);
    for (let i = 0; i < K; i++) {
      for (let j = 0; j < K; j++) {
        const loss = i === j ? 0 : 1;
        temp += loss * prior[i]!;
        lossPrior[i] += loss * prior[i]!;
      }
    }
    for (let i = 0; i < K; i++) {
      if (freq[i]! > 0) {
        this.priorRatio[i] = prior[i]! / freq[i]!;
        this.aprior[i] = lossPrior[i]! / (temp * freq[i]!);
      } else this.aprior[i] = lossPrior[i]!;
    }
  }
}

/**
 * One feature's value per local case (NaN = missing), its sort key (rpart sorts missing values
 * as zeros; they are skipped when splitting) and the identity order. Kept out of the constructor
 * (run once per fit) so that V8 compiles this loop as an ordinary hot function.
 */
function presentValues(
  column: Float64Array,
  keep: Int32Array,
  L: number,
  value: Float64Array,
  sortKey: Float64Array,
  order: Int32Array,
): void {
  const m = value.length;
  for (let l = 0; l < m; l++) {
    const v = column[keep[l]!]!;
    const present = L > 0 ? v >= 0 && v < L && v === Math.floor(v) : v - v === 0;
    value[l] = present ? v : NaN;
    sortKey[l] = present ? v : 0;
    order[l] = l;
  }
}

/** Writes a feature's list at `base` in the given case order. */
function writeList(
  order: Int32Array,
  value: Float64Array,
  lw: Float64Array,
  base: number,
  seg: Int32Array,
  sx: Float64Array,
  sw: Float64Array | null,
): void {
  const m = order.length;
  for (let t = 0; t < m; t++) {
    const l = order[t]!;
    seg[base + t] = l;
    sx[base + t] = value[l]!;
  }
  if (sw !== null) for (let t = 0; t < m; t++) sw[base + t] = lw[order[t]!]!;
}

/** Marks each case of the list [from, to) as left (1) or right (0) by the split; returns the left count. */
function markSides(
  sx: Float64Array,
  seg: Int32Array,
  goLeft: Uint8Array,
  from: number,
  to: number,
  mask: Uint8Array | null,
  split: number,
  missingLeft: number,
): number {
  let nLeft = 0;
  for (let t = from; t < to; t++) {
    const x = sx[t]!;
    const g = x !== x ? missingLeft : mask !== null ? mask[x]! : x < split ? 1 : 0;
    goLeft[seg[t]!] = g;
    nLeft += g;
  }
  return nLeft;
}

/**
 * Stably moves the left cases of the list [from, to) before its right cases. Branch-free (each
 * case is written to both places and only one cursor advances): sides are unpredictable in any
 * other feature's order. Unit weights are all equal, so without case weights `sw` stays as it is.
 */
function stablePartition(
  seg: Int32Array,
  sx: Float64Array,
  sw: Float64Array,
  weighted: boolean,
  goLeft: Uint8Array,
  tmpSeg: Int32Array,
  tmpX: Float64Array,
  tmpW: Float64Array,
  from: number,
  to: number,
): void {
  let l = from;
  let r = 0;
  if (weighted) {
    for (let t = from; t < to; t++) {
      const i = seg[t]!;
      const xv = sx[t]!;
      const wv = sw[t]!;
      const g = goLeft[i]!;
      seg[l] = i;
      sx[l] = xv;
      sw[l] = wv;
      tmpSeg[r] = i;
      tmpX[r] = xv;
      tmpW[r] = wv;
      l += g;
      r += 1 - g;
    }
    sw.set(tmpW.subarray(0, r), l);
  } else {
    for (let t = from; t < to; t++) {
      const i = seg[t]!;
      const xv = sx[t]!;
      const g = goLeft[i]!;
      seg[l] = i;
      sx[l] = xv;
      tmpSeg[r] = i;
      tmpX[r] = xv;
      l += g;
      r += 1 - g;
    }
  }
  seg.set(tmpSeg.subarray(0, r), l);
  sx.set(tmpX.subarray(0, r), l);
}

const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);

/** The largest double below v (v finite). */
function nextDown(v: number): number {
  if (v === 0) return -Number.MIN_VALUE;
  scratch[0] = v;
  bits[0] += v > 0 ? -1n : 1n;
  return scratch[0]!;
}
