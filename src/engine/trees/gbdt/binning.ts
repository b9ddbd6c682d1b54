/**
 * Feature discretisation for the histogram GBDT, done once per fit: each numeric feature gets at
 * most `maxBin` bins (one per distinct value when there are few, otherwise greedy near-equal-count
 * bins of at least `minDataInBin` cases), each categorical feature one bin per level. Missing
 * values get their own bin, the last one.
 */

export type BinColumn = Uint8Array | Uint16Array;

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
  columns: BinColumn[];
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
  const wide = features.some((f) => f.nBins + 1 > 256);
  const offset = new Int32Array(features.length);
  let total = 0;
  features.forEach((f, j) => {
    offset[j] = total;
    total += f.nBins + 1;
  });
  const columns = x.map((column, j) => {
    const f = features[j]!;
    const out: BinColumn = wide ? new Uint16Array(column.length) : new Uint8Array(column.length);
    for (let i = 0; i < column.length; i++) out[i] = binOf(f, column[i]!);
    return out;
  });
  return { columns, features, offset, totalBins: total };
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
  let hasMissing = false;
  for (let i = 0; i < column.length; i++) if (Number.isNaN(column[i]!)) hasMissing = true;
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
  // Distinct values and their counts.
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i > 0 && present[i] === present[i - 1]) counts[counts.length - 1]!++;
    else {
      distinct.push(present[i]!);
      counts.push(1);
    }
  }
  const upper: number[] = [];
  if (distinct.length <= maxBin) {
    for (let d = 0; d + 1 < distinct.length; d++) upper.push((distinct[d]! + distinct[d + 1]!) / 2);
  } else {
    const target = Math.max(minDataInBin, m / maxBin);
    let acc = 0;
    for (let d = 0; d + 1 < distinct.length && upper.length < maxBin - 1; d++) {
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
