/**
 * Leaf-wise (best-first) regression tree on binned features, grown from gradients and hessians
 * as in LightGBM: each step splits the leaf whose best split gains most, until `numLeaves`
 * leaves or no split gains more than `minGainToSplit`. Histograms (Σg, Σh per bin) are
 * built only for the smaller child; the larger one is the parent minus it. Rows of a leaf stay
 * contiguous and ascending in one index buffer (stable partition), so histogram building reads
 * memory in order: per row, its interleaved (g, h) pair and its row of bin codes. Both row loops
 * (histogram building, partition) run in the WebAssembly kernel of grower-kernel.ts. Missing
 * values have their own bin and the split learns their side. As in LightGBM, a bin's case count
 * is not kept but estimated as round(Σh × n / H) of its leaf (exact when every hessian is 1): one
 * add fewer per row and feature, and the same min_data_in_leaf decisions as the library.
 */
import { TreeBuilder, type FlatTree } from '../tree-model.js';
import { HISTOGRAM_SLOTS as SLOTS, type BinnedData } from './binning.js';
import { GrowerKernel } from './grower-kernel.js';

export interface TreeSettings {
  numLeaves: number;
  /** ≤ 0: unlimited. */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  minGainToSplit: number;
  lambdaL1: number;
  lambdaL2: number;
  /** ≤ 0: uncapped. */
  maxDeltaStep: number;
  catL2: number;
  catSmooth: number;
  maxCatToOnehot: number;
  maxCatThreshold: number;
  minDataPerGroup: number;
}

/** Per-feature split statistics of the trees, for Gain/Cover/Frequency importance. */
export interface SplitTally {
  gain: Float64Array;
  cover: Float64Array;
  frequency: Float64Array;
}

const HISTOGRAM_BUDGET_BYTES = 128 * 1024 * 1024;

/** LightGBM's case count of a bin: its Σh scaled by the leaf's cases per unit of Σh, rounded. */
function estimatedCount(hessian: number, countPerHessian: number): number {
  return Math.floor(hessian * countPerHessian + 0.5);
}

export class HistogramTreeGrower {
  private readonly kernel: GrowerKernel;
  /** The bins without their values (those are in the kernel's memory). */
  private readonly data: Omit<BinnedData, 'columns'>;
  private readonly rows: Int32Array;
  /** g and h of row i at 2i and 2i + 1, in single precision as LightGBM keeps them. */
  private readonly gh: Float32Array;
  private readonly pool: Float64Array[] = [];
  private readonly poolLimit: number;
  private pooled = 0;
  /** For a histogram no pooled buffer can keep: used for one split search, then overwritten. */
  private readonly scratchHist: Float64Array;
  // Per-leaf state.
  private readonly leafStart: Int32Array;
  private readonly leafCount: Int32Array;
  private readonly leafDepth: Int32Array;
  private readonly leafNode: Int32Array;
  private readonly leafG: Float64Array;
  private readonly leafH: Float64Array;
  private readonly leafHist: (Float64Array | null)[];
  private readonly bestGain: Float64Array;
  private readonly bestFeature: Int32Array;
  private readonly bestBin: Int32Array;
  private readonly bestDefaultLeft: Uint8Array;
  private readonly bestMask: (Uint8Array | null)[];
  private readonly bestLeftG: Float64Array;
  private readonly bestLeftH: Float64Array;
  private readonly catOrder: Int32Array;
  private readonly catKey: Float64Array;
  private readonly builder = new TreeBuilder(1);
  leaves = 0;

  constructor(
    binned: BinnedData,
    private readonly n: number,
    private readonly s: TreeSettings,
  ) {
    const L = Math.max(1, s.numLeaves);
    const { columns: _inKernel, ...data } = binned;
    this.data = data;
    const histBytes = data.totalBins * SLOTS * 8;
    this.poolLimit = Math.max(2, Math.min(L, Math.floor(HISTOGRAM_BUDGET_BYTES / Math.max(histBytes, 1))));
    // The pooled buffers are the kernel's histograms 0..poolLimit−1, the scratch one the last.
    this.kernel = new GrowerKernel(binned, n, this.poolLimit + 1);
    this.rows = this.kernel.rows;
    this.gh = this.kernel.gh;
    this.scratchHist = this.kernel.histogram(this.poolLimit);
    this.leafStart = new Int32Array(L);
    this.leafCount = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.leafNode = new Int32Array(L);
    this.leafG = new Float64Array(L);
    this.leafH = new Float64Array(L);
    this.leafHist = new Array<Float64Array | null>(L).fill(null);
    this.bestGain = new Float64Array(L);
    this.bestFeature = new Int32Array(L);
    this.bestBin = new Int32Array(L);
    this.bestDefaultLeft = new Uint8Array(L);
    this.bestMask = new Array<Uint8Array | null>(L).fill(null);
    this.bestLeftG = new Float64Array(L);
    this.bestLeftH = new Float64Array(L);
    let maxBins = 1;
    for (const f of data.features) maxBins = Math.max(maxBins, f.nBins);
    this.catOrder = new Int32Array(maxBins);
    this.catKey = new Float64Array(maxBins);
  }

  /**
   * Grows one tree on rows `bag[0..bagSize)` (ascending; null = all rows) using `features`
   * (indices). Leaf outputs are −thresholdL1(G)/(H+λ2) (capped by maxDeltaStep) × `shrinkage`.
   */
  grow(
    g: Float64Array,
    h: Float64Array,
    bag: Int32Array | null,
    bagSize: number,
    features: Int32Array,
    shrinkage: number,
    tally: SplitTally,
  ): FlatTree {
    const s = this.s;
    const rows = this.rows;
    const m = bag === null ? this.n : bagSize;
    const gh = this.gh;
    const n = this.n;
    let G = 0;
    let H = 0;
    if (bag === null) {
      // All rows in order: copy, index and sum in one pass.
      for (let i = 0; i < n; i++) {
        const gi = Math.fround(g[i]!);
        const hi = Math.fround(h[i]!);
        gh[2 * i] = gi;
        gh[2 * i + 1] = hi;
        rows[i] = i;
        G += gi;
        H += hi;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const hi = Math.fround(h[i]!);
        gh[2 * i] = g[i]!;
        gh[2 * i + 1] = hi;
      }
      rows.set(bag.subarray(0, m));
      for (let t = 0; t < m; t++) {
        const i = rows[t]!;
        G += gh[2 * i]!;
        H += gh[2 * i + 1]!;
      }
    }
    const builder = this.builder;
    builder.clear();
    this.leaves = 1;
    this.leafStart[0] = 0;
    this.leafCount[0] = m;
    this.leafDepth[0] = 0;
    this.leafNode[0] = builder.addNode();
    this.leafG[0] = G;
    this.leafH[0] = H;
    this.prepareLeaf(0, features, null);

    while (this.leaves < s.numLeaves) {
      let best = -1;
      let bestGain = s.minGainToSplit;
      for (let l = 0; l < this.leaves; l++) {
        if (this.bestGain[l]! > bestGain) {
          bestGain = this.bestGain[l]!;
          best = l;
        }
      }
      if (best < 0) break;
      this.split(best, builder, features, tally);
    }

    for (let l = 0; l < this.leaves; l++) {
      builder.setScalar(this.leafNode[l]!, this.leafOutput(this.leafG[l]!, this.leafH[l]!) * shrinkage);
      this.release(l);
    }
    return builder.build();
  }

  /** `scores[offset + i] += ` the output of the leaf of the last grown tree (`tree`) holding in-bag row i. */
  addLeafOutputs(tree: FlatTree, scores: Float64Array, offset: number): void {
    const rows = this.rows;
    for (let l = 0; l < this.leaves; l++) {
      const v = tree.value[this.leafNode[l]!]!;
      const end = this.leafStart[l]! + this.leafCount[l]!;
      for (let t = this.leafStart[l]!; t < end; t++) scores[offset + rows[t]!] += v;
    }
  }

  private thresholdL1(G: number): number {
    const l1 = this.s.lambdaL1;
    if (l1 <= 0) return G;
    const a = Math.abs(G) - l1;
    return a > 0 ? Math.sign(G) * a : 0;
  }

  private leafOutput(G: number, H: number, extraL2 = 0): number {
    const out = -this.thresholdL1(G) / (H + this.s.lambdaL2 + extraL2);
    const cap = this.s.maxDeltaStep;
    return cap > 0 && Math.abs(out) > cap ? Math.sign(out) * cap : out;
  }

  private leafGain(G: number, H: number, extraL2 = 0): number {
    const sg = this.thresholdL1(G);
    const l2 = this.s.lambdaL2 + extraL2;
    if (this.s.maxDeltaStep <= 0) return (sg * sg) / (H + l2);
    const out = this.leafOutput(G, H, extraL2);
    return -(2 * sg * out + (H + l2) * out * out);
  }

  private acquire(): Float64Array | null {
    const buffer = this.pool.pop();
    if (buffer !== undefined) return buffer;
    if (this.pooled < this.poolLimit) return this.kernel.histogram(this.pooled++);
    return null;
  }

  private release(leaf: number): void {
    const hist = this.leafHist[leaf];
    if (hist !== null && hist !== undefined) this.pool.push(hist);
    this.leafHist[leaf] = null;
  }

  private canSplit(leaf: number): boolean {
    const s = this.s;
    // Once the tree has all its leaves, none is split again: no histogram is needed.
    if (this.leaves >= s.numLeaves) return false;
    if (s.maxDepth > 0 && this.leafDepth[leaf]! >= s.maxDepth) return false;
    return this.leafCount[leaf]! >= 2 * Math.max(1, s.minDataInLeaf) && this.leafH[leaf]! >= 2 * s.minSumHessianInLeaf;
  }

  /**
   * Gives `leaf` its histogram — `given` when derived by subtraction, else built from its rows —
   * and finds its best split; the histogram is kept only when a pooled buffer holds it and the
   * leaf may still split.
   */
  private prepareLeaf(leaf: number, features: Int32Array, given: Float64Array | null): void {
    this.bestGain[leaf] = -Infinity;
    if (!this.canSplit(leaf)) {
      if (given !== null && given !== this.scratchHist) this.pool.push(given);
      this.leafHist[leaf] = null;
      return;
    }
    let hist = given;
    if (hist === null) {
      hist = this.acquire() ?? this.scratchHist;
      this.buildHistogram(hist, leaf, features);
    }
    this.findBestSplit(leaf, hist, features);
    this.leafHist[leaf] = hist === this.scratchHist ? null : hist;
  }

  private buildHistogram(hist: Float64Array, leaf: number, features: Int32Array): void {
    const { offset, features: bins } = this.data;
    if (features.length === bins.length) hist.fill(0);
    else {
      for (const f of features) hist.fill(0, offset[f]! * SLOTS, (offset[f]! + bins[f]!.nBins + 1) * SLOTS);
    }
    const start = this.leafStart[leaf]!;
    this.kernel.add(hist, start, start + this.leafCount[leaf]!, features);
  }

  // The scans read the leaf's sums themselves: passed as arguments, doubles would be boxed on every call.
  private findBestSplit(leaf: number, hist: Float64Array, features: Int32Array): void {
    for (let j = 0; j < features.length; j++) {
      const f = features[j]!;
      if (this.data.features[f]!.categorical) this.scanCategorical(leaf, f, hist);
      else this.scanNumeric(leaf, f, hist);
    }
  }

  private scanNumeric(leaf: number, f: number, hist: Float64Array): void {
    const G = this.leafG[leaf]!;
    const H = this.leafH[leaf]!;
    const parentGain = this.leafGain(G, H);
    const countPerHessian = this.leafCount[leaf]! / H;
    const s = this.s;
    const info = this.data.features[f]!;
    const base = this.data.offset[f]! * SLOTS;
    const nb = info.nBins;
    const total = this.leafCount[leaf]!;
    const mo = base + nb * SLOTS;
    const mG = hist[mo]!;
    const mH = hist[mo + 1]!;
    const mC = estimatedCount(mH, countPerHessian);
    const minData = s.minDataInLeaf;
    const minHess = s.minSumHessianInLeaf;
    // Without L1 or a step cap the gain is Σ G²/(H+λ) over both sides, inlined for the per-bin loop.
    const plain = s.lambdaL1 <= 0 && s.maxDeltaStep <= 0;
    const l2 = s.lambdaL2;
    let best = this.bestGain[leaf]!;
    let bestBin = -1;
    let bestMissingLeft = false;
    let bestG = 0;
    let bestH = 0;
    // By the estimated count: a derived histogram's Σh of an empty missing bin may be rounding noise.
    const passes = mC > 0 ? 2 : 1;
    for (let pass = 0; pass < passes; pass++) {
      const missingLeft = pass === 1;
      let lG = missingLeft ? mG : 0;
      let lH = missingLeft ? mH : 0;
      let lC = missingLeft ? mC : 0;
      for (let b = 0; b < nb - 1; b++) {
        const o = base + b * SLOTS;
        const g = hist[o]!;
        const h = hist[o + 1]!;
        // An empty bin repeats the previous threshold's split (kept, as the first of equals).
        if (g === 0 && h === 0) continue;
        lG += g;
        lH += h;
        lC += estimatedCount(h, countPerHessian);
        if (lC < minData || lH < minHess) continue;
        const rC = total - lC;
        const rH = H - lH;
        if (rC < minData || rH < minHess) break;
        const rG = G - lG;
        const dl = lH + l2;
        const dr = rH + l2;
        // One division for both sides: division throughput bounds this loop.
        const gain = plain
          ? (lG * lG * dr + rG * rG * dl) / (dl * dr) - parentGain
          : this.leafGain(lG, lH) + this.leafGain(rG, rH) - parentGain;
        if (gain > best) {
          best = gain;
          bestBin = b;
          bestMissingLeft = missingLeft;
          bestG = lG;
          bestH = lH;
        }
      }
    }
    if (bestBin < 0) return;
    this.bestGain[leaf] = best;
    this.bestFeature[leaf] = f;
    this.bestBin[leaf] = bestBin;
    this.bestDefaultLeft[leaf] = bestMissingLeft ? 1 : 0;
    this.bestMask[leaf] = null;
    this.bestLeftG[leaf] = bestG;
    this.bestLeftH[leaf] = bestH;
  }

  /**
   * LightGBM's categorical split: one-vs-rest below `maxCatToOnehot` levels; otherwise levels
   * with at least `catSmooth` cases are sorted by Σg/(Σh+catSmooth) and prefixes of up to
   * `maxCatThreshold` levels are scanned from both ends, with `catL2` extra regularisation and
   * `minDataPerGroup` cases per side. Missing values and unlisted levels go right.
   */
  private scanCategorical(leaf: number, f: number, hist: Float64Array): void {
    const G = this.leafG[leaf]!;
    const H = this.leafH[leaf]!;
    const parentGain = this.leafGain(G, H);
    const countPerHessian = this.leafCount[leaf]! / H;
    const s = this.s;
    const info = this.data.features[f]!;
    const base = this.data.offset[f]! * SLOTS;
    const nb = info.nBins;
    const total = this.leafCount[leaf]!;
    const record = (gain: number, lG: number, lH: number, chosen: Int32Array, size: number) => {
      this.bestGain[leaf] = gain;
      this.bestFeature[leaf] = f;
      this.bestBin[leaf] = -1;
      this.bestDefaultLeft[leaf] = 0;
      const mask = new Uint8Array(nb);
      for (let u = 0; u < size; u++) mask[chosen[u]!] = 1;
      this.bestMask[leaf] = mask;
      this.bestLeftG[leaf] = lG;
      this.bestLeftH[leaf] = lH;
    };
    const order = this.catOrder;
    let used = 0;
    for (let b = 0; b < nb; b++) if (hist[base + b * SLOTS + 1]! > 0) order[used++] = b;
    if (used < 2) return;
    if (used <= s.maxCatToOnehot) {
      for (let u = 0; u < used; u++) {
        const o = base + order[u]! * SLOTS;
        const lG = hist[o]!;
        const lH = hist[o + 1]!;
        const lC = estimatedCount(lH, countPerHessian);
        const rC = total - lC;
        const rH = H - lH;
        if (lC < s.minDataInLeaf || rC < s.minDataInLeaf || lH < s.minSumHessianInLeaf || rH < s.minSumHessianInLeaf) continue;
        const gain = this.leafGain(lG, lH) + this.leafGain(G - lG, rH) - parentGain;
        if (gain > this.bestGain[leaf]!) record(gain, lG, lH, order.subarray(u, u + 1), 1);
      }
      return;
    }
    const key = this.catKey;
    let kept = 0;
    for (let u = 0; u < used; u++) {
      const o = base + order[u]! * SLOTS;
      if (estimatedCount(hist[o + 1]!, countPerHessian) >= s.catSmooth) {
        order[kept] = order[u]!;
        key[order[u]!] = hist[o]! / (hist[o + 1]! + s.catSmooth);
        kept++;
      }
    }
    if (kept < 2) return;
    const sorted = order.subarray(0, kept);
    sorted.sort((a, b) => key[a]! - key[b]!);
    const maxSize = Math.min(s.maxCatThreshold, Math.floor((kept + 1) / 2));
    const chosen = new Int32Array(maxSize);
    for (let direction = 0; direction < 2; direction++) {
      let lG = 0;
      let lH = 0;
      let lC = 0;
      for (let u = 0; u < maxSize; u++) {
        const b = direction === 0 ? sorted[u]! : sorted[kept - 1 - u]!;
        chosen[u] = b;
        const o = base + b * SLOTS;
        lG += hist[o]!;
        lH += hist[o + 1]!;
        lC += estimatedCount(hist[o + 1]!, countPerHessian);
        if (lC < s.minDataInLeaf || lH < s.minSumHessianInLeaf || lC < s.minDataPerGroup) continue;
        const rC = total - lC;
        const rH = H - lH;
        if (rC < s.minDataInLeaf || rH < s.minSumHessianInLeaf || rC < s.minDataPerGroup) break;
        const gain = this.leafGain(lG, lH, s.catL2) + this.leafGain(G - lG, rH, s.catL2) - parentGain;
        if (gain > this.bestGain[leaf]!) record(gain, lG, lH, chosen, u + 1);
      }
    }
  }

  private split(leaf: number, builder: TreeBuilder, features: Int32Array, tally: SplitTally): void {
    const f = this.bestFeature[leaf]!;
    const info = this.data.features[f]!;
    const mask = this.bestMask[leaf] ?? null;
    const cut = this.bestBin[leaf]!;
    const missingBin = info.nBins;
    const defaultLeft = this.bestDefaultLeft[leaf] === 1;
    const start = this.leafStart[leaf]!;
    const count = this.leafCount[leaf]!;
    const goesLeft = this.kernel.goesLeft;
    for (let b = 0; b < missingBin; b++) goesLeft[b] = (mask !== null ? mask[b] === 1 : b <= cut) ? 1 : 0;
    goesLeft[missingBin] = defaultLeft ? 1 : 0;
    const nl = this.kernel.partition(start, start + count, f);
    const leftCount = nl - start;

    tally.gain[f] += this.bestGain[leaf]!;
    tally.cover[f] += count;
    tally.frequency[f] += 1;

    const node = this.leafNode[leaf]!;
    const leftNode = builder.addNode();
    const rightNode = builder.addNode();
    let threshold = 0;
    let missingLeft = defaultLeft;
    if (mask === null) {
      threshold = info.upper[cut]!;
      // Without missing values in training, LightGBM treats a missing value as zero.
      if (!info.hasMissing) missingLeft = 0 <= threshold;
    }
    builder.setSplit(node, f, threshold, missingLeft, mask, leftNode, rightNode);

    const right = this.leaves++;
    const G = this.leafG[leaf]!;
    const H = this.leafH[leaf]!;
    const depth = this.leafDepth[leaf]! + 1;
    this.leafStart[right] = nl;
    this.leafCount[right] = count - leftCount;
    this.leafG[right] = G - this.bestLeftG[leaf]!;
    this.leafH[right] = H - this.bestLeftH[leaf]!;
    this.leafDepth[right] = depth;
    this.leafNode[right] = rightNode;
    this.leafCount[leaf] = leftCount;
    this.leafG[leaf] = this.bestLeftG[leaf]!;
    this.leafH[leaf] = this.bestLeftH[leaf]!;
    this.leafDepth[leaf] = depth;
    this.leafNode[leaf] = leftNode;
    this.bestMask[leaf] = null;

    const parentHist = this.leafHist[leaf] ?? null;
    this.leafHist[leaf] = null;
    const smaller = leftCount <= count - leftCount ? leaf : right;
    const larger = smaller === leaf ? right : leaf;
    if (parentHist !== null && this.canSplit(larger)) {
      // Build the smaller child's histogram, derive the larger one in the parent's buffer.
      const small = this.canSplit(smaller) ? (this.acquire() ?? this.scratchHist) : this.scratchHist;
      this.buildHistogram(small, smaller, features);
      this.subtract(parentHist, small, features);
      this.prepareLeaf(larger, features, parentHist);
      this.prepareLeaf(smaller, features, small);
    } else {
      if (parentHist !== null) this.pool.push(parentHist);
      this.prepareLeaf(smaller, features, null);
      this.prepareLeaf(larger, features, null);
    }
  }

  /** `from -= part` over the bins of `features`. */
  private subtract(from: Float64Array, part: Float64Array, features: Int32Array): void {
    const { offset, features: bins } = this.data;
    if (features.length === bins.length) {
      for (let o = 0; o < from.length; o++) from[o] -= part[o]!;
      return;
    }
    for (let j = 0; j < features.length; j++) {
      const f = features[j]!;
      const hi = (offset[f]! + bins[f]!.nBins + 1) * SLOTS;
      for (let o = offset[f]! * SLOTS; o < hi; o++) from[o] -= part[o]!;
    }
  }
}
