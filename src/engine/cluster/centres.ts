/**
 * What the centre-based clusterings (HardCL, NeuralGas, CMeans) share: a row-major copy
 * of the data (DBSCAN reads it too), the two distances of their `dist` argument,
 * nearest-centre assignment, the random start of flexclust `cclust` and the `clust`
 * summary of a kcca fit.
 */
import type { EngineJsonObject } from '../contract.js';
import { permutation, sampleWithoutReplacement } from '../random.js';
import { vec } from '../../protocol/json.js';

export type CentreDistance = 'euclidean' | 'manhattan';

/** Cases as rows: rows[i * p + j]. */
export interface RowMatrix {
  rows: Float64Array;
  n: number;
  p: number;
}

/** Row-major copy of complete numeric columns; missing values are refused, as rtemis does. */
export function rowMatrix(x: Float64Array[], algorithm: string): RowMatrix {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  x.forEach((column, j) => {
    if (column.some((value) => !Number.isFinite(value))) {
      throw new Error(`${algorithm} does not allow missing values (feature ${j + 1}); impute or remove them first.`);
    }
  });
  const rows = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const column = x[j]!;
    for (let i = 0; i < n; i++) rows[i * p + j] = column[i]!;
  }
  return { rows, n, p };
}

/** Squared euclidean or manhattan distance between case i and centre c (both row-major). */
export function centreDistance(data: RowMatrix, i: number, centres: Float64Array, c: number, dist: CentreDistance): number {
  const { rows, p } = data;
  let sum = 0;
  const a = i * p;
  const b = c * p;
  if (dist === 'euclidean') {
    for (let j = 0; j < p; j++) {
      const d = rows[a + j]! - centres[b + j]!;
      sum += d * d;
    }
  } else {
    for (let j = 0; j < p; j++) sum += Math.abs(rows[a + j]! - centres[b + j]!);
  }
  return sum;
}

/** The nearest centre of case i (the first one on ties). */
export function nearestCentre(data: RowMatrix, i: number, centres: Float64Array, k: number, dist: CentreDistance): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < k; c++) {
    const d = centreDistance(data, i, centres, c, dist);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

/**
 * flexclust `cclust`'s start: the cases in a random order (the order online updates visit
 * them) and k distinct cases as centres (row-major k × p).
 */
export function cclustStart(data: RowMatrix, k: number, random: () => number, algorithm: string): { order: Int32Array; centres: Float64Array } {
  const order = permutation(data.n, random);
  const distinct = distinctCases(data, order);
  if (distinct.length < k) throw new Error(`${algorithm}: k = ${k} is larger than the number of distinct cases (${distinct.length}).`);
  return { order, centres: caseRows(data, sampleWithoutReplacement(distinct, k, random)) };
}

/** The first case of every distinct row, in `order`. */
export function distinctCases(data: RowMatrix, order: ArrayLike<number>): Int32Array {
  const seen = new Set<string>();
  const kept: number[] = [];
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const key = data.rows.subarray(i * data.p, i * data.p + data.p).join(',');
    if (!seen.has(key)) {
      seen.add(key);
      kept.push(i);
    }
  }
  return Int32Array.from(kept);
}

/** The given cases as a row-major matrix. */
export function caseRows(data: RowMatrix, cases: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cases.length * data.p);
  for (let c = 0; c < cases.length; c++) out.set(data.rows.subarray(cases[c]! * data.p, cases[c]! * data.p + data.p), c * data.p);
  return out;
}

/** 1-based nearest-centre labels of every case (as flexclust labels a fitted kcca). */
export function assignToCentres(data: RowMatrix, centres: Float64Array, k: number, dist: CentreDistance): Int32Array {
  const labels = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) labels[i] = nearestCentre(data, i, centres, k, dist) + 1;
  return labels;
}

/**
 * `clust` of a centre-based fit: centres (k rows), cluster sizes and within-cluster sums
 * of squared euclidean distances (one per cluster), iterations and convergence.
 */
export function centresClust(data: RowMatrix, centres: Float64Array, k: number, labels: Int32Array, iter: number, converged: boolean): EngineJsonObject {
  const sizes = new Array<number>(k).fill(0);
  const withinSS = new Array<number>(k).fill(0);
  for (let i = 0; i < data.n; i++) {
    const c = labels[i]! - 1;
    sizes[c]!++;
    for (let j = 0; j < data.p; j++) withinSS[c]! += (data.rows[i * data.p + j]! - centres[c * data.p + j]!) ** 2;
  }
  return {
    centers: Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * data.p, c * data.p + data.p))),
    size: vec(sizes),
    withinss: vec(withinSS),
    iter,
    converged,
  };
}
