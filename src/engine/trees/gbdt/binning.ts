/**
 * Feature discretisation for the histogram GBDT, done once per fit: each numeric feature gets at
 * most `maxBin` bins (one per distinct value when there are few, otherwise greedy near-equal-count
 * bins of at least `minDataInBin` cases), each categorical feature one bin per level. Missing
 * values get their own bin, the last one. Codes are stored twice: row-major as histogram bin
 * indices (feature offset + bin), because histogram building adds each row of a leaf to the bin
 * of every feature; and column-major as bins, because partitioning a leaf reads one feature of
 * each of its rows.
 */

export type BinCodes = Uint16Array | Int32Array;
export type BinColumns = Uint8Array | Uint16Array;

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
  /** Histogram bin (`offset[j]` + bin) of feature j of row i at `codes[i * features.length + j]`. */
  codes: BinCodes;
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
  const features = x.map((column, j) => {
    const levels = featureLevels[j] ?? null;
    return levels === null ? numericBins(column, maxBin, minDataInBin) : categoricalBins(column, levels.length);
  });
  const offset = new Int32Array(features.length);
  let total = 0;
  features.forEach((f, j) => {
    offset[j] = total;
    total += f.nBins + 1;
  });
  const p = x.length;
  const n = p > 0 ? x[0]!.length : 0;
  const codes: BinCodes = total <= 65536 ? new Uint16Array(n * p) : new Int32Array(n * p);
  // The largest bin is the missing one when there are missing values, else the last regular one.
  const narrow = features.every((f) => (f.hasMissing ? f.nBins : f.nBins - 1) <= 255);
  const columns: BinColumns = narrow ? new Uint8Array(n * p) : new Uint16Array(n * p);
  for (let j = 0; j < p; j++) {
    const f = features[j]!;
    const column = x[j]!;
    const base = offset[j]!;
    for (let i = 0; i < n; i++) {
      const bin = binOf(f, column[i]!);
      columns[j * n + i] = bin;
      codes[i * p + j] = base + bin;
    }
  }
  return { codes, columns, features, offset, totalBins: total };
}

function binOf(f: FeatureBins, v: number): number {
  if (Number.isNaN(v)) return f.nBins;
  if (f.categorical) return v >= 0 && v < f.nBins ? v | 0 : f.nBins;
  const upper = f.upper;
  let lo = 0;
  let hi = f.nBins - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= upper[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function categoricalBins(column: Float64Array, nLevels: number): FeatureBins {
  // Missing values and codes outside the levels share the missing bin.
  let hasMissing = false;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (!(v >= 0 && v < nLevels)) hasMissing = true;
  }
  return { categorical: true, nBins: Math.max(nLevels, 1), upper: new Float64Array(0), hasMissing };
}

function numericBins(column: Float64Array, maxBin: number, minDataInBin: number): FeatureBins {
  const sorted = new Float64Array(column.length);
  let m = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    if (!Number.isNaN(v)) sorted[m++] = v;
  }
  const hasMissing = m < column.length;
  const present = sorted.subarray(0, m).sort();
  // Distinct values and their counts, in place of the sorted values.
  const distinct = present;
  const counts = new Int32Array(m);
  let nDistinct = 0;
  for (let i = 0; i < m; i++) {
    if (i > 0 && present[i] === distinct[nDistinct - 1]) counts[nDistinct - 1]!++;
    else {
      distinct[nDistinct] = present[i]!;
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
  return { categorical: false, nBins: upper.length, upper: Float64Array.from(upper), hasMissing };
}
