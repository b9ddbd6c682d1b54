/**
 * Feature discretisation for the histogram GBDT, done once per fit: each numeric feature gets at
 * most `maxBin` bins (one per distinct value when there are few, otherwise greedy near-equal-count
 * bins of at least `minDataInBin` cases), each categorical feature one bin per level. Missing
 * values get their own bin, the last one. Bins are stored column-major, because partitioning a
 * leaf reads one feature of each of its rows; the histogram kernel keeps its own row-major copy.
 */

export type BinColumns = Uint8Array | Uint16Array;

/** A histogram keeps Σg and Σh per bin; like LightGBM, no count (it is estimated from Σh). */
export const HISTOGRAM_SLOTS = 2;

export interface FeatureBins {
  categorical: boolean;
  /** Regular bins (excluding the missing bin); the missing bin's index is `nBins`. */
  nBins: number;
  /** Numeric: inclusive upper bound of each regular bin (last = +Infinity). */
  upper: Float64Array;
  /** Whether the training data had missing values in this feature. */
  hasMissing: boolean;
}

export interface BinnedData {
  /** Bin of feature j of row i at `columns[j * n + i]`. */
  columns: BinColumns;
  features: FeatureBins[];
  /** Histogram offset of each feature (in bins; the missing bin included). */
  offset: Int32Array;
  totalBins: number;
}

export function binFeatures(
  x: Float64Array[],
  featureLevels: (string[] | null)[],
  maxBin: number,
  minDataInBin: number,
): BinnedData {
  const p = x.length;
  const n = p > 0 ? x[0]!.length : 0;
  const sorter = new RadixSorter(n);
  const binsOfRows = x.map(() => new Int32Array(n));
  const features = x.map((column, j) => {
    const levels = featureLevels[j] ?? null;
    const bins = binsOfRows[j]!;
    return levels === null ? numericBins(column, maxBin, minDataInBin, sorter, bins) : categoricalBins(column, levels.length, bins);
  });
  const offset = new Int32Array(p);
  let total = 0;
  features.forEach((f, j) => {
    offset[j] = total;
    total += f.nBins + 1;
  });
  // The largest bin is the missing one when there are missing values, else the last regular one.
  const narrow = features.every((f) => (f.hasMissing ? f.nBins : f.nBins - 1) <= 255);
  const columns: BinColumns = narrow ? new Uint8Array(n * p) : new Uint16Array(n * p);
  binsOfRows.forEach((bins, j) => columns.set(bins, j * n));
  return { columns, features, offset, totalBins: total };
}

function categoricalBins(column: Float64Array, nLevels: number, bins: Int32Array): FeatureBins {
  // Missing values and codes outside the levels share the missing bin.
  const nBins = Math.max(nLevels, 1);
  let hasMissing = false;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    bins[i] = v >= 0 && v < nBins ? v | 0 : nBins;
    if (!(v >= 0 && v < nLevels)) hasMissing = true;
  }
  return { categorical: true, nBins, upper: new Float64Array(0), hasMissing };
}

/** Bins `column` and writes each row's bin (missing: `nBins`) into `bins`. */
function numericBins(column: Float64Array, maxBin: number, minDataInBin: number, sorter: RadixSorter, bins: Int32Array): FeatureBins {
  const order = sorter.sortPresent(column);
  const m = order.length;
  const hasMissing = m < column.length;
  // Distinct values in ascending order and their counts.
  const distinct = new Float64Array(m);
  const counts = new Int32Array(m);
  let nDistinct = 0;
  for (let k = 0; k < m; k++) {
    const v = column[order[k]!]!;
    if (k > 0 && v === distinct[nDistinct - 1]) counts[nDistinct - 1]!++;
    else {
      distinct[nDistinct] = v;
      counts[nDistinct++] = 1;
    }
  }
  const upper: number[] = [];
  if (nDistinct <= maxBin) {
    for (let d = 0; d + 1 < nDistinct; d++) upper.push((distinct[d]! + distinct[d + 1]!) / 2);
  } else {
    const target = Math.max(minDataInBin, m / maxBin);
    let acc = 0;
    for (let d = 0; d + 1 < nDistinct && upper.length < maxBin - 1; d++) {
      acc += counts[d]!;
      if (acc >= target) {
        upper.push((distinct[d]! + distinct[d + 1]!) / 2);
        acc = 0;
      }
    }
  }
  upper.push(Infinity);
  const nBins = upper.length;
  // Each value's bin is the first whose upper bound holds it: one walk up the sorted rows.
  bins.fill(nBins);
  let b = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    const v = column[i]!;
    while (v > upper[b]!) b++;
    bins[i] = b;
  }
  return { categorical: false, nBins, upper: Float64Array.from(upper), hasMissing };
}

/**
 * Least-significant-digit radix sort of row indices by value, on the order-preserving integer
 * image of each double: cheaper than a comparison sort, and it yields the row order, so bins are
 * then assigned in one pass instead of a search per value. Buffers are reused across features.
 */
class RadixSorter {
  private readonly hi: Uint32Array[];
  private readonly lo: Uint32Array[];
  private readonly index: Int32Array[];
  private readonly digitBits: number;
  private readonly count: Int32Array;

  constructor(n: number) {
    this.hi = [new Uint32Array(n), new Uint32Array(n)];
    this.lo = [new Uint32Array(n), new Uint32Array(n)];
    this.index = [new Int32Array(n), new Int32Array(n)];
    // Wide digits (fewer passes) only when the rows outnumber the counters to clear.
    this.digitBits = n >= 1 << 14 ? 16 : 8;
    this.count = new Int32Array(1 << this.digitBits);
  }

  /** Indices of the non-missing values of `column`, ascending by value (a view into a buffer). */
  sortPresent(column: Float64Array): Int32Array {
    const words = new Uint32Array(column.buffer, column.byteOffset, 2 * column.length);
    const [hi, lo, index] = [this.hi[0]!, this.lo[0]!, this.index[0]!];
    let m = 0;
    for (let i = 0; i < column.length; i++) {
      if (Number.isNaN(column[i]!)) continue;
      // Little-endian words; negatives flip all bits, positives the sign bit.
      const h = words[2 * i + 1]!;
      const negative = h >>> 31 === 1;
      hi[m] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
      lo[m] = negative ? ~words[2 * i]! >>> 0 : words[2 * i]!;
      index[m++] = i;
    }
    const bits = this.digitBits;
    const mask = (1 << bits) - 1;
    const count = this.count;
    let from = 0;
    for (let pass = 0; pass < 64 / bits; pass++) {
      const shift = (pass * bits) % 32;
      const keys = pass * bits < 32 ? this.lo[from]! : this.hi[from]!;
      count.fill(0);
      for (let k = 0; k < m; k++) count[(keys[k]! >>> shift) & mask]!++;
      // A digit every value shares does not reorder anything.
      if (count[(keys[0]! >>> shift) & mask] === m) continue;
      let sum = 0;
      for (let d = 0; d <= mask; d++) {
        const c = count[d]!;
        count[d] = sum;
        sum += c;
      }
      const [sh, sl, si] = [this.hi[from]!, this.lo[from]!, this.index[from]!];
      const [dh, dl, di] = [this.hi[1 - from]!, this.lo[1 - from]!, this.index[1 - from]!];
      for (let k = 0; k < m; k++) {
        const at = count[(keys[k]! >>> shift) & mask]!++;
        dh[at] = sh[k]!;
        dl[at] = sl[k]!;
        di[at] = si[k]!;
      }
      from = 1 - from;
    }
    return this.index[from]!.subarray(0, m);
  }
}
