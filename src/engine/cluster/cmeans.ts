/**
 * Fuzzy c-means as e1071 `cmeans` (rtemis `cluster_CMeans`). Dissimilarities are squared
 * euclidean or manhattan distances d; memberships u ∝ d^(−1/(m−1)) (a case on a centre
 * belongs to it alone); the objective is Σ w·u^m·d with weights scaled to sum 1.
 * - `cmeans`: batch updates — centres are u^m·w-weighted means (euclidean) or weighted
 *   medians (manhattan) — until the objective changes by less than `reltol` (relative).
 * - `ufcl`: on-line updates — each case in turn updates its memberships and pulls every
 *   centre by rate·w·u^m·(x − centre) (the sign of the difference under manhattan), the
 *   rate falling linearly from `rate_par` to 0 over `max_iter` passes.
 * Starts are k distinct cases drawn from the seeded generator (e1071 draws k random cases),
 * and the cases are visited in a random order, as e1071 permutes them. The hard assignment
 * is each case's largest membership (the first on ties).
 */
import type { CMeansConfig } from '../config/types.js';
import type { EngineJsonObject } from '../contract.js';
import type { FitContext } from '../learner.js';
import { permutation, sampleWithoutReplacement } from '../random.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { vec } from '../../protocol/json.js';
import { caseRows, distinctCases, rowMatrix, type RowMatrix } from './centres.js';

/** e1071's default `reltol`: sqrt(.Machine$double.eps). */
const DEFAULT_RELTOL = Math.sqrt(2 ** -52);
/** e1071's `rate.par` when none is given. */
const DEFAULT_RATE = 0.3;

export interface CMeansFit {
  /** Row-major k × p. */
  centres: Float64Array;
  /** Row-major n × k memberships, in input order. */
  membership: Float64Array;
  /** 1-based cluster of largest membership. */
  labels: Int32Array;
  /** e1071's `iter`: the passes run, less one when the objective converged. */
  iter: number;
  /** e1071's `withinerror`: the objective at the end. */
  objective: number;
}

/** `initialCentres` (row-major k × p) replaces the random start (used to compare with e1071 from the same start). */
export async function cmeans(data: RowMatrix, config: CMeansConfig, context: FitContext, initialCentres?: Float64Array): Promise<CMeansFit> {
  const { n, p } = data;
  const { k, m } = config;
  const weights = caseWeights(config.weights, n);
  const reltol = Array.isArray(config.control) ? DEFAULT_RELTOL : (config.control.reltol ?? DEFAULT_RELTOL);
  const centres = initialCentres === undefined ? randomStart(data, k, context.random) : Float64Array.from(initialCentres);
  if (centres.length !== k * p) throw new Error(`CMeans needs ${k} initial centres of ${p} values.`);
  // e1071 permutes the cases: it decides the order of ufcl's on-line updates.
  const order = permutation(n, context.random);

  const exponent = 1 / (m - 1);
  const d = new Float64Array(n * k);
  const u = new Float64Array(n * k);
  const dissimilarities = (i: number) => {
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = 0; j < p; j++) {
        const v = data.rows[i * p + j]! - centres[c * p + j]!;
        sum += config.dist === 'euclidean' ? v * v : Math.abs(v);
      }
      d[i * k + c] = sum;
    }
  };
  const memberships = (i: number) => {
    let zeros = 0;
    for (let c = 0; c < k; c++) if (d[i * k + c] === 0) zeros++;
    if (zeros > 0) {
      for (let c = 0; c < k; c++) u[i * k + c] = d[i * k + c] === 0 ? 1 / zeros : 0;
      return;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = 1 / d[i * k + c]! ** exponent;
      u[i * k + c] = v;
      sum += v;
    }
    for (let c = 0; c < k; c++) u[i * k + c]! /= sum;
  };
  const objective = () => {
    let sum = 0;
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) sum += weights[i]! * u[i * k + c]! ** m * d[i * k + c]!;
    return sum;
  };

  for (let i = 0; i < n; i++) {
    dissimilarities(i);
    memberships(i);
  }
  let previous = objective();
  let current = previous;
  let iter = 0;
  let converged = false;
  while (iter < config.max_iter) {
    iter++;
    await context.checkpoint();
    if (config.method === 'cmeans') {
      updateCentres(data, u, weights, k, m, config.dist, centres);
      for (let i = 0; i < n; i++) {
        dissimilarities(i);
        memberships(i);
      }
    } else {
      const rate = (config.rate_par ?? DEFAULT_RATE) * (1 - iter / config.max_iter);
      for (let r = 0; r < n; r++) {
        const i = order[r]!;
        dissimilarities(i);
        memberships(i);
        for (let c = 0; c < k; c++) {
          const step = rate * weights[i]! * u[i * k + c]! ** m;
          for (let j = 0; j < p; j++) {
            const gradient = data.rows[i * p + j]! - centres[c * p + j]!;
            centres[c * p + j]! += step * (config.dist === 'euclidean' ? gradient : Math.sign(gradient));
          }
        }
      }
    }
    current = objective();
    if (Math.abs(previous - current) < reltol * (previous + reltol)) {
      converged = true;
      break;
    }
    previous = current;
  }

  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (u[i * k + c]! > u[i * k + best]!) best = c;
    labels[i] = best + 1;
  }
  // e1071 reports one pass less than it ran when it converged, max_iter otherwise.
  return { centres, membership: u, labels, iter: converged ? iter - 1 : iter, objective: current };
}

/** e1071: a scalar or one value per case, none negative, some positive; scaled to sum 1. */
function caseWeights(given: number | number[], n: number): Float64Array {
  const values = Array.isArray(given) ? given : [given];
  if (values.length !== 1 && values.length !== n) {
    throw new Error(`CMeans \`weights\` must be one number or one per case (${n}); got ${values.length}.`);
  }
  if (values.some((w) => w < 0)) throw new Error('CMeans `weights` must not be negative.');
  if (!values.some((w) => w > 0)) throw new Error('CMeans `weights` needs at least one positive value.');
  const weights = Float64Array.from({ length: n }, (_, i) => values[values.length === 1 ? 0 : i]!);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

/** k distinct cases (by value), as e1071 resamples among unique rows when the first draw repeats one. */
function randomStart(data: RowMatrix, k: number, random: () => number): Float64Array {
  const distinct = distinctCases(data, Int32Array.from({ length: data.n }, (_, i) => i));
  if (distinct.length < k) throw new Error(`CMeans: more cluster centres (${k}) than distinct cases (${distinct.length}).`);
  return caseRows(data, sampleWithoutReplacement(distinct, k, random));
}

/** Batch centres: u^m·w-weighted means (euclidean) or weighted medians (manhattan). */
function updateCentres(data: RowMatrix, u: Float64Array, weights: Float64Array, k: number, m: number, dist: CMeansConfig['dist'], centres: Float64Array): void {
  const { n, p, rows } = data;
  const caseWeight = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) caseWeight[i] = weights[i]! * u[i * k + c]! ** m;
    if (dist === 'euclidean') {
      let total = 0;
      centres.fill(0, c * p, c * p + p);
      for (let i = 0; i < n; i++) {
        total += caseWeight[i]!;
        for (let j = 0; j < p; j++) centres[c * p + j]! += caseWeight[i]! * rows[i * p + j]!;
      }
      for (let j = 0; j < p; j++) centres[c * p + j]! /= total;
    } else {
      for (let j = 0; j < p; j++) centres[c * p + j] = weightedMedian(Float64Array.from({ length: n }, (_, i) => rows[i * p + j]!), caseWeight);
    }
  }
}

/**
 * e1071's weighted median: over the sorted values, the one minimising
 * x·(W − ½) − Σ w·x (W = cumulative normalised weight), the first on ties.
 */
function weightedMedian(values: Float64Array, weights: Float64Array): number {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (const i of order) total += weights[i]!;
  let cumulative = 0;
  let cumulativeX = 0;
  let best = values[order[0]!]!;
  let bestValue = Infinity;
  for (const i of order) {
    const w = weights[i]! / total;
    cumulative += w;
    cumulativeX += w * values[i]!;
    const value = values[i]! * (cumulative - 0.5) - cumulativeX;
    if (value < bestValue) {
      bestValue = value;
      best = values[i]!;
    }
  }
  return best;
}

function cmeansClust(data: RowMatrix, fit: CMeansFit, k: number): EngineJsonObject {
  const sizes = new Map<number, number>();
  for (const label of fit.labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  return {
    centers: Array.from({ length: k }, (_, c) => Array.from(fit.centres.subarray(c * data.p, c * data.p + data.p))),
    // table(cluster): the sizes of the clusters that have cases, in label order.
    size: vec([...sizes.keys()].sort((a, b) => a - b).map((label) => sizes.get(label)!)),
    membership: Array.from({ length: data.n }, (_, i) => Array.from(fit.membership.subarray(i * k, i * k + k))),
    iter: fit.iter,
    withinerror: fit.objective,
  };
}

export const cmeansMethod: ClusteringMethod<CMeansConfig> = {
  name: 'CMeans',
  async fit(input, config, context) {
    const data = rowMatrix(input.x, 'CMeans');
    const fit = await cmeans(data, config, context);
    return { assignments: fit.labels, k: config.k, clust: cmeansClust(data, fit, config.k) };
  },
};
