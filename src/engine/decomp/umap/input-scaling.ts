/**
 * uwot's `scale = TRUE` ("Z" scaling): columns with zero variance are dropped, the others
 * centred and divided by their sample SD. The same transformation is kept for new data.
 */
/** R's .Machine$double.xmin: uwot keeps columns whose sum of squares reaches it. */
const DOUBLE_XMIN = 2.2250738585072014e-308;

export interface InputScaling {
  /** Indices of the kept columns. */
  kept: Int32Array;
  means: Float64Array;
  sds: Float64Array;
}

/** Fits the scaling on row-major data; throws when every column is constant. */
export function fitInputScaling(rows: Float64Array, n: number, p: number): InputScaling {
  const kept: number[] = [];
  const means: number[] = [];
  const sds: number[] = [];
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += rows[i * p + j]!;
    mean /= n;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (rows[i * p + j]! - mean) ** 2;
    if (!(squares >= DOUBLE_XMIN) || n < 2) continue;
    kept.push(j);
    means.push(mean);
    sds.push(Math.sqrt(squares / (n - 1)));
  }
  if (kept.length === 0) throw new Error('UMAP cannot scale the data: every feature has zero variance.');
  return { kept: Int32Array.from(kept), means: Float64Array.from(means), sds: Float64Array.from(sds) };
}

/** Row-major data with the scaling applied (kept columns only). */
export function applyInputScaling(scaling: InputScaling, rows: Float64Array, n: number, p: number): Float64Array {
  const q = scaling.kept.length;
  const out = new Float64Array(n * q);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < q; c++) out[i * q + c] = (rows[i * p + scaling.kept[c]!]! - scaling.means[c]!) / scaling.sds[c]!;
  }
  return out;
}
