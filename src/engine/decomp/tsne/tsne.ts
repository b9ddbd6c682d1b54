/**
 * t-SNE as `Rtsne::Rtsne(X, dims = k, …)` (rtemis decomp_tSNE; bhtsne underneath): PCA to
 * `initial_dims` (prcomp with pca_center / pca_scale), the duplicate check, normalisation
 * (centre, divide by the largest absolute value), perplexity-calibrated input similarities
 * (all pairs when theta = 0, else the 3·perplexity nearest neighbours from a vantage-point
 * tree), symmetrised; then gradient descent with gains, momentum switch and early
 * exaggeration, repulsion by Barnes–Hut (theta > 0) or exactly (theta = 0). Not applicable
 * to new data.
 */
import type { DecompositionSettings } from '../../config/types.js';
import type { DecompositionMethod } from '../../unsupervised.js';
import { columnMajor, rowMajor } from '../embedding-input.js';
import { Pacer, type EmbeddingContext } from '../embedding-context.js';
import { FastRandom } from '../fast-random.js';
import { principalComponentScores } from '../principal-components.js';
import { calibrateRow } from './perplexity.js';
import { SpacePartitioningTree } from './space-partitioning-tree.js';
import { vantagePointNeighbors } from './vantage-point-tree.js';

export type TSNEOptions = DecompositionSettings<'tSNE'>;

const DBL_MIN = 2.2250738585072014e-308;
const FLT_MIN = 1.1754943508222875e-38;
const COST_EVERY = 50;
const REPULSION_CHUNK = 512;

export interface TSNEFit {
  /** `V1`, `V2`, … as rtemis names Rtsne's unnamed `Y` columns. */
  componentNames: string[];
  transformed: Float64Array[];
  /** Per-case KL divergence contributions at the end (Rtsne `costs`). */
  costs: Float64Array;
  /** Total KL divergence every 50 iterations and at the last (Rtsne `itercosts`). */
  itercosts: number[];
  /** Input dimension after the PCA step (Rtsne `origD`). */
  origD: number;
}

/** Sparse symmetric P in compressed rows. */
interface SparseP {
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

export async function tsne(x: Float64Array[], variableNames: string[], options: TSNEOptions, context: EmbeddingContext): Promise<TSNEFit> {
  const p0 = x.length;
  const n = x[0]?.length ?? 0;
  const dims = options.k;
  if (dims < 1 || dims > 3) throw new Error('tSNE k (dims) should be 1, 2 or 3.');
  if (options.is_distance && p0 !== n) throw new Error(`tSNE with is_distance = TRUE needs a square distance matrix; got ${n} cases x ${p0} features.`);
  if (n - 1 < 3 * options.perplexity) throw new Error(`tSNE perplexity (${options.perplexity}) is too large for the number of cases (${n}): it needs n - 1 >= 3 * perplexity.`);
  const pacer = new Pacer(context);
  const random = new FastRandom(context.random);
  let rows = rowMajor(x, 'tSNE', variableNames);
  let p = p0;
  if (!options.is_distance) {
    if (options.pca) {
      const { scores, rank } = principalComponentScores(rows, n, p, options.initial_dims, options.pca_center, options.pca_scale);
      rows = scores;
      p = rank;
    }
    if (options.check_duplicates && hasDuplicateRows(rows, n, p)) throw new Error('tSNE found duplicate cases: remove duplicates before running tSNE.');
    if (options.normalize) normalizeInput(rows, n, p);
  }
  await pacer.checkpoint();

  const exact = options.theta === 0;
  context.message(exact ? `Computing exact input similarities (perplexity ${options.perplexity})...` : `Computing input similarities from the ${Math.floor(3 * options.perplexity)} nearest neighbours (perplexity ${options.perplexity})...`);
  const similarities = exact
    ? await exactSimilarities(rows, n, p, options.perplexity, options.is_distance, pacer)
    : await sparseSimilarities(rows, n, p, options.perplexity, options.is_distance, random, pacer);

  const stopLying = options.stop_lying_iter;
  const momSwitch = options.mom_switch_iter;
  const y = new Float64Array(n * dims);
  for (let i = 0; i < y.length; i++) y[i] = random.nextNormal() * 1e-4;
  context.message(`Learning the embedding (${options.max_iter} iterations)...`);
  const itercosts = await optimise(similarities, y, n, dims, options, stopLying, momSwitch, pacer, context);
  const costs = exact ? exactCosts(similarities as Float64Array, y, n, dims) : sparseCosts(similarities as SparseP, y, n, dims, options.theta);
  return {
    componentNames: Array.from({ length: dims }, (_, c) => `V${c + 1}`),
    transformed: columnMajor(y, n, dims),
    costs,
    itercosts,
    origD: p,
  };
}

/** Any two identical rows (R's `duplicated`), by hashing the rows' bits. */
function hasDuplicateRows(rows: Float64Array, n: number, p: number): boolean {
  const bits = new Uint32Array(rows.buffer, rows.byteOffset, rows.length * 2);
  const seen = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let hash = 2166136261;
    for (let w = i * p * 2; w < (i + 1) * p * 2; w++) hash = Math.imul(hash ^ bits[w]!, 16777619);
    const bucket = seen.get(hash);
    if (bucket === undefined) {
      seen.set(hash, [i]);
      continue;
    }
    for (const j of bucket) {
      let same = true;
      for (let d = 0; d < p && same; d++) same = rows[i * p + d] === rows[j * p + d];
      if (same) return true;
    }
    bucket.push(i);
  }
  return false;
}

/** Rtsne normalize_input: centre each column, then divide everything by the largest absolute value. */
function normalizeInput(rows: Float64Array, n: number, p: number): void {
  for (let d = 0; d < p; d++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += rows[i * p + d]!;
    mean /= n;
    for (let i = 0; i < n; i++) rows[i * p + d] -= mean;
  }
  let max = 0;
  for (const value of rows) max = Math.max(max, Math.abs(value));
  if (max > 0) for (let i = 0; i < rows.length; i++) rows[i] /= max;
}

/** Dense symmetric P (n × n), normalised to sum 1. */
async function exactSimilarities(rows: Float64Array, n: number, p: number, perplexity: number, isDistance: boolean, pacer: Pacer): Promise<Float64Array> {
  const squared = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (isDistance) {
        squared[i * n + j] = rows[i * p + j]! ** 2;
        continue;
      }
      let sum = 0;
      for (let d = 0; d < p; d++) {
        const diff = rows[i * p + d]! - rows[j * p + d]!;
        sum += diff * diff;
      }
      squared[i * n + j] = sum;
    }
    await pacer.maybe();
  }
  const probabilities = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    calibrateRow(squared, i * n, n, perplexity, probabilities, i * n, i);
    await pacer.maybe();
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const value = probabilities[i * n + j]! + probabilities[j * n + i]!;
      probabilities[i * n + j] = value;
      probabilities[j * n + i] = value;
    }
  }
  for (const value of probabilities) total += value;
  for (let i = 0; i < probabilities.length; i++) probabilities[i] /= total;
  return probabilities;
}

/** Sparse symmetric P from each case's floor(3·perplexity) nearest neighbours, normalised to sum 1. */
async function sparseSimilarities(rows: Float64Array, n: number, p: number, perplexity: number, isDistance: boolean, random: FastRandom, pacer: Pacer): Promise<SparseP> {
  const k = Math.floor(3 * perplexity);
  const neighbors = isDistance ? neighborsFromDistances(rows, n, k) : await vantagePointNeighbors(rows, n, p, k, random, pacer);
  const squared = neighbors.distances.map((d) => d * d);
  const conditional = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    calibrateRow(squared, i * k, k, perplexity, conditional, i * k, -1);
    if ((i & 255) === 255) await pacer.maybe();
  }
  await pacer.checkpoint();

  // P + Pᵀ over the union of both directions' entries (bhtsne symmetrizeMatrix), then / Σ.
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      counts[i + 1]++;
      counts[neighbors.indices[s]! + 1]++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i]!;
  const rawCols = new Int32Array(counts[n]!);
  const rawVals = new Float64Array(counts[n]!);
  const fill = counts.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = neighbors.indices[s]!;
      rawCols[fill[i]!] = j;
      rawVals[fill[i]!++] = conditional[s]!;
      rawCols[fill[j]!] = i;
      rawVals[fill[j]!++] = conditional[s]!;
    }
  }
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(rawCols.length);
  const vals = new Float64Array(rawCols.length);
  let out = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const begin = counts[i]!;
    const end = counts[i + 1]!;
    sortRow(rawCols, rawVals, begin, end);
    for (let s = begin; s < end; s++) {
      if (s > begin && rawCols[s] === cols[out - 1]) vals[out - 1] += rawVals[s]!;
      else {
        cols[out] = rawCols[s]!;
        vals[out++] = rawVals[s]!;
      }
    }
    rowPtr[i + 1] = out;
  }
  for (let s = 0; s < out; s++) total += vals[s]!;
  for (let s = 0; s < out; s++) vals[s] /= total;
  return { rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) };
}

/** The k nearest other cases read off the rows of a distance matrix. */
function neighborsFromDistances(rows: Float64Array, n: number, k: number): { indices: Int32Array; distances: Float64Array } {
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const order = Int32Array.from({ length: n }, (_, j) => j)
      .filter((j) => j !== i)
      .sort((a, b) => rows[i * n + a]! - rows[i * n + b]!);
    for (let s = 0; s < k; s++) {
      indices[i * k + s] = order[s]!;
      distances[i * k + s] = rows[i * n + order[s]!]!;
    }
  }
  return { indices, distances };
}

function sortRow(cols: Int32Array, vals: Float64Array, begin: number, end: number): void {
  for (let s = begin + 1; s < end; s++) {
    const c = cols[s]!;
    const v = vals[s]!;
    let t = s - 1;
    while (t >= begin && cols[t]! > c) {
      cols[t + 1] = cols[t]!;
      vals[t + 1] = vals[t]!;
      t--;
    }
    cols[t + 1] = c;
    vals[t + 1] = v;
  }
}

/** bhtsne trainIterations: returns the cost every 50 iterations and at the last. */
async function optimise(
  similarities: Float64Array | SparseP,
  y: Float64Array,
  n: number,
  dims: number,
  options: TSNEOptions,
  stopLying: number,
  momSwitch: number,
  pacer: Pacer,
  context: EmbeddingContext,
): Promise<number[]> {
  const exact = similarities instanceof Float64Array;
  const values = exact ? similarities : similarities.vals;
  for (let s = 0; s < values.length; s++) values[s] *= options.exaggeration_factor;
  const gradient = new Float64Array(n * dims);
  const update = new Float64Array(n * dims);
  const gains = new Float64Array(n * dims).fill(1);
  const tree = new SpacePartitioningTree(dims);
  const negative = new Float64Array(n * dims);
  let momentum = options.momentum;
  const itercosts: number[] = [];
  const report = Math.max(COST_EVERY, Math.round(options.max_iter / 10 / COST_EVERY) * COST_EVERY);
  for (let iter = 0; iter < options.max_iter; iter++) {
    if (iter === stopLying) for (let s = 0; s < values.length; s++) values[s] /= options.exaggeration_factor;
    if (iter === momSwitch) momentum = options.final_momentum;
    if (exact) exactGradient(similarities, y, n, dims, gradient);
    else await barnesHutGradient(similarities, y, n, dims, options.theta, tree, negative, gradient, pacer);
    for (let s = 0; s < gradient.length; s++) {
      const sameSign = Math.sign(gradient[s]!) === Math.sign(update[s]!);
      let gain = sameSign ? gains[s]! * 0.8 : gains[s]! + 0.2;
      if (gain < 0.01) gain = 0.01;
      gains[s] = gain;
      update[s] = momentum * update[s]! - options.eta * gain * gradient[s]!;
      y[s] += update[s]!;
    }
    zeroMean(y, n, dims);
    if ((iter > 0 && (iter + 1) % COST_EVERY === 0) || iter === options.max_iter - 1) {
      const costs = exact ? exactCosts(similarities, y, n, dims) : sparseCosts(similarities, y, n, dims, options.theta);
      let total = 0;
      for (const c of costs) total += c;
      itercosts.push(total);
      if ((iter + 1) % report === 0 && iter + 1 < options.max_iter) context.message(`Iteration ${iter + 1}: error is ${total.toFixed(6)}.`);
    }
    await pacer.maybe();
  }
  return itercosts;
}

function zeroMean(y: Float64Array, n: number, dims: number): void {
  for (let d = 0; d < dims; d++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * dims + d]!;
    mean /= n;
    for (let i = 0; i < n; i++) y[i * dims + d] -= mean;
  }
}

/** Exact gradient (bhtsne computeExactGradient, without the conventional factor 4). */
function exactGradient(P: Float64Array, y: Float64Array, n: number, dims: number, gradient: Float64Array): void {
  const q = new Float64Array(n * n);
  let sumQ = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d2 = 0;
      for (let d = 0; d < dims; d++) d2 += (y[i * dims + d]! - y[j * dims + d]!) ** 2;
      const value = 1 / (1 + d2);
      q[i * n + j] = value;
      sumQ += value;
    }
  }
  gradient.fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const mult = (P[i * n + j]! - q[i * n + j]! / sumQ) * q[i * n + j]!;
      for (let d = 0; d < dims; d++) gradient[i * dims + d] += (y[i * dims + d]! - y[j * dims + d]!) * mult;
    }
  }
}

/** Barnes–Hut gradient (bhtsne computeGradient): exact attraction over P's entries, tree repulsion. */
async function barnesHutGradient(
  P: SparseP,
  y: Float64Array,
  n: number,
  dims: number,
  theta: number,
  tree: SpacePartitioningTree,
  negative: Float64Array,
  gradient: Float64Array,
  pacer: Pacer,
): Promise<void> {
  tree.build(y, n);
  attraction(P, y, n, dims, gradient);
  negative.fill(0);
  let sumQ = 0;
  for (let start = 0; start < n; start += REPULSION_CHUNK) {
    sumQ += repulsion(tree, theta, start, Math.min(n, start + REPULSION_CHUNK), dims, negative);
    if (pacer.due()) await pacer.checkpoint();
  }
  for (let s = 0; s < gradient.length; s++) gradient[s] -= negative[s]! / sumQ;
}

/** gradient := Σ_j p_ij q_ij (y_i − y_j), unnormalised q (bhtsne computeEdgeForces). */
function attraction(P: SparseP, y: Float64Array, n: number, dims: number, gradient: Float64Array): void {
  gradient.fill(0);
  const { rowPtr, cols, vals } = P;
  if (dims === 2) {
    for (let i = 0; i < n; i++) {
      const xi = y[2 * i]!;
      const yi = y[2 * i + 1]!;
      let gx = 0;
      let gy = 0;
      for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) {
        const j = cols[s]! << 1;
        const dx = xi - y[j]!;
        const dy = yi - y[j + 1]!;
        const mult = vals[s]! / (1 + dx * dx + dy * dy);
        gx += mult * dx;
        gy += mult * dy;
      }
      gradient[2 * i] = gx;
      gradient[2 * i + 1] = gy;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const bi = i * dims;
    for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) {
      const bj = cols[s]! * dims;
      let d2 = 1;
      for (let d = 0; d < dims; d++) {
        const diff = y[bi + d]! - y[bj + d]!;
        d2 += diff * diff;
      }
      const mult = vals[s]! / d2;
      for (let d = 0; d < dims; d++) gradient[bi + d] += mult * (y[bi + d]! - y[bj + d]!);
    }
  }
}

/** Repulsive forces of cases [start, end) into `negative`; returns their share of Σ q. */
function repulsion(tree: SpacePartitioningTree, theta: number, start: number, end: number, dims: number, negative: Float64Array): number {
  let sumQ = 0;
  for (let i = start; i < end; i++) sumQ += tree.nonEdgeForces(i, theta, negative, i * dims);
  return sumQ;
}

/** Per-case KL divergence with exact Q (bhtsne getCost / evaluateError, exact). */
function exactCosts(P: Float64Array, y: Float64Array, n: number, dims: number): Float64Array {
  const q = new Float64Array(n * n);
  let sumQ = DBL_MIN;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) {
        q[i * n + j] = DBL_MIN;
        continue;
      }
      let d2 = 0;
      for (let d = 0; d < dims; d++) d2 += (y[i * dims + d]! - y[j * dims + d]!) ** 2;
      q[i * n + j] = 1 / (1 + d2);
      sumQ += q[i * n + j]!;
    }
  }
  const costs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < n; j++) c += P[i * n + j]! * Math.log((P[i * n + j]! + 1e-9) / (q[i * n + j]! / sumQ + 1e-9));
    costs[i] = c;
  }
  return costs;
}

/** Per-case KL divergence over P's entries with the Barnes–Hut estimate of Σ q (bhtsne getCost, approximate). */
function sparseCosts(P: SparseP, y: Float64Array, n: number, dims: number, theta: number): Float64Array {
  const tree = new SpacePartitioningTree(dims);
  tree.build(y, n);
  const buffer = new Float64Array(dims);
  let sumQ = 0;
  for (let i = 0; i < n; i++) sumQ += tree.nonEdgeForces(i, theta, buffer, 0);
  const costs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let s = P.rowPtr[i]!; s < P.rowPtr[i + 1]!; s++) {
      const j = P.cols[s]!;
      let d2 = 0;
      for (let d = 0; d < dims; d++) d2 += (y[i * dims + d]! - y[j * dims + d]!) ** 2;
      const q = 1 / (1 + d2) / sumQ;
      c += P.vals[s]! * Math.log((P.vals[s]! + FLT_MIN) / (q + FLT_MIN));
    }
    costs[i] = c;
  }
  return costs;
}

/** The decomposition seam's view of tSNE: no loadings, not invertible, no transform. */
export const tsneMethod: DecompositionMethod<TSNEOptions> = {
  name: 'tSNE',
  async fit(data, settings, context) {
    const fit = await tsne(data.x, data.names, settings, context);
    const n = fit.transformed[0]?.length ?? 0;
    return {
      componentNames: fit.componentNames,
      transformed: fit.transformed,
      loadings: null,
      reconstructed: null,
      // Rtsne's returned fields besides Y (served as `transformed`).
      decom: {
        N: n,
        costs: Array.from(fit.costs),
        itercosts: fit.itercosts,
        origD: fit.origD,
        perplexity: settings.perplexity,
        theta: settings.theta,
        max_iter: settings.max_iter,
        stop_lying_iter: settings.stop_lying_iter,
        mom_switch_iter: settings.mom_switch_iter,
        momentum: settings.momentum,
        final_momentum: settings.final_momentum,
        eta: settings.eta,
        exaggeration_factor: settings.exaggeration_factor,
      },
      transform: null,
    };
  },
};
