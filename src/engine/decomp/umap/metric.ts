/**
 * UMAP's input metrics on row-major data (case i at rows[i*p .. i*p+p)). Searches compare a
 * cheap "reduced" distance that orders pairs like the true one (squared euclidean for
 * euclidean and cosine); `finish` turns a reduced distance into the metric's value.
 * cosine is uwot's 1 − cos(u, v): rows are scaled to unit length once, after which
 * 1 − cos = ½‖u − v‖². hamming and categorical count the coordinates that differ.
 */
export type UMAPMetric = 'euclidean' | 'cosine' | 'manhattan' | 'hamming' | 'categorical';

export interface PreparedMetric {
  /** Row-major data as the distance reads it (unit rows for cosine). */
  rows: Float64Array;
  p: number;
  /** Reduced distance between case i of `a` and case j of `b`. */
  reduced(a: Float64Array, i: number, b: Float64Array, j: number): number;
  finish(reduced: number): number;
  /** Brings new rows into the same form as `rows` (unit length for cosine). */
  prepare(rows: Float64Array): Float64Array;
}

export function prepareMetric(metric: UMAPMetric, rows: Float64Array, p: number): PreparedMetric {
  switch (metric) {
    case 'euclidean':
      return { rows, p, reduced: squaredEuclidean(p), finish: Math.sqrt, prepare: (r) => r };
    case 'cosine': {
      const prepare = (r: Float64Array) => unitRows(r, p);
      return { rows: prepare(rows), p, reduced: squaredEuclidean(p), finish: (d) => 0.5 * d, prepare };
    }
    case 'manhattan':
      return { rows, p, reduced: manhattan(p), finish: (d) => d, prepare: (r) => r };
    case 'hamming':
    case 'categorical':
      return { rows, p, reduced: mismatches(p), finish: (d) => d, prepare: (r) => r };
  }
}

function squaredEuclidean(p: number) {
  return (a: Float64Array, i: number, b: Float64Array, j: number): number => {
    let sum = 0;
    const ai = i * p;
    const bj = j * p;
    for (let d = 0; d < p; d++) {
      const diff = a[ai + d]! - b[bj + d]!;
      sum += diff * diff;
    }
    return sum;
  };
}

function manhattan(p: number) {
  return (a: Float64Array, i: number, b: Float64Array, j: number): number => {
    let sum = 0;
    const ai = i * p;
    const bj = j * p;
    for (let d = 0; d < p; d++) sum += Math.abs(a[ai + d]! - b[bj + d]!);
    return sum;
  };
}

function mismatches(p: number) {
  return (a: Float64Array, i: number, b: Float64Array, j: number): number => {
    let count = 0;
    const ai = i * p;
    const bj = j * p;
    for (let d = 0; d < p; d++) if (a[ai + d] !== b[bj + d]) count++;
    return count;
  };
}

/** Rows scaled to unit euclidean length; an all-zero row stays zero. */
function unitRows(rows: Float64Array, p: number): Float64Array {
  const out = new Float64Array(rows.length);
  const n = rows.length / p;
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < p; d++) norm += rows[i * p + d]! ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < p; d++) out[i * p + d] = rows[i * p + d]! * scale;
  }
  return out;
}
