/**
 * Exact feature encoding shared by CART and Ranger: every value is replaced once per fit by
 * its rank among the feature's distinct values, so split search compares small integers and
 * can count per distinct value instead of sorting raw doubles at every node.
 */

export interface CodedFeature {
  /** Rank of the value among the feature's distinct values (numeric) or the level code (categorical); -1 = missing. */
  codes: Int32Array;
  /** Number of distinct codes: distinct values (numeric) or number of levels (categorical). */
  nCodes: number;
  categorical: boolean;
}

export function codeFeatures(x: Float64Array[], featureLevels: (string[] | null)[]): CodedFeature[] {
  return x.map((column, j) => {
    const levels = featureLevels[j] ?? null;
    return levels === null ? codeNumeric(column) : codeCategorical(column, levels.length);
  });
}

function codeCategorical(column: Float64Array, nLevels: number): CodedFeature {
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i]!;
    codes[i] = Number.isNaN(v) || v < 0 || v >= nLevels ? -1 : v | 0;
  }
  return { codes, nCodes: nLevels, categorical: true };
}

function codeNumeric(column: Float64Array): CodedFeature {
  const n = column.length;
  const sorted = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    if (!Number.isNaN(v)) sorted[m++] = v;
  }
  const present = sorted.subarray(0, m).sort();
  let q = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0 || present[i] !== present[q - 1]) present[q++] = present[i]!;
  }
  // The distinct values are only needed while coding: a split finds its threshold in the raw column.
  const values = present.subarray(0, q);
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    codes[i] = Number.isNaN(v) ? -1 : lowerBound(values, v);
  }
  return { codes, nCodes: q, categorical: false };
}

function lowerBound(values: Float64Array, v: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
