/**
 * The fuzzy simplicial set of uwot (smooth_knn.h, fuzzy_simplicial_set): per case, rho = the
 * distance to the nearest distinct neighbour (local_connectivity 1) and sigma found by binary
 * search so that Σ exp(−(d − rho)/sigma) over the neighbours (self skipped) is log2(k); the
 * directed memberships are then joined by the fuzzy union w + wᵀ − w∘wᵀ into a symmetric
 * sparse graph.
 */
import type { NeighborGraph } from './nearest-neighbors.js';

const SIGMA_ITERATIONS = 64;
const SIGMA_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** Symmetric sparse matrix in compressed rows, columns ascending within a row. */
export interface SparseGraph {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

export interface SmoothedNeighbors {
  /** weights[i*k + s]: membership of neighbour s of case i. */
  weights: Float64Array;
  sigmas: Float64Array;
  rhos: Float64Array;
}

/**
 * uwot's smooth_knn on rows of sorted neighbour distances. `skipFirst`: the first neighbour is
 * the case itself (fit) and is left out of the sigma search; transform passes it too.
 */
export function smoothKnn(graph: NeighborGraph, localConnectivity: number, skipFirst: boolean): SmoothedNeighbors {
  const { n, k, distances } = graph;
  const target = Math.log2(k);
  let meanDistances = 0;
  for (let s = 0; s < distances.length; s++) meanDistances += (distances[s]! - meanDistances) / (s + 1);
  const weights = new Float64Array(n * k);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const begin = i * k;
    const end = begin + k;
    let nonZero = end;
    for (let s = begin; s < end; s++) {
      if (distances[s]! > 0) {
        nonZero = s;
        break;
      }
    }
    const rho = findRho(distances, nonZero, end, localConnectivity);
    let sigma = findSigma(distances, begin + (skipFirst ? 1 : 0), end, target, rho);
    if (rho > 0) {
      let mean = 0;
      for (let s = begin; s < end; s++) mean += distances[s]!;
      sigma = Math.max(MIN_K_DIST_SCALE * (mean / k), sigma);
    } else {
      sigma = Math.max(MIN_K_DIST_SCALE * meanDistances, sigma);
    }
    for (let s = begin; s < end; s++) {
      const r = distances[s]! - rho;
      weights[s] = r <= 0 ? 1 : Math.exp(-r / sigma);
    }
    sigmas[i] = sigma;
    rhos[i] = rho;
  }
  return { weights, sigmas, rhos };
}

function findRho(distances: Float64Array, nonZero: number, end: number, localConnectivity: number): number {
  const count = end - nonZero;
  if (count >= localConnectivity) {
    const index = Math.floor(localConnectivity);
    const interpolation = localConnectivity - index;
    if (index > 0) {
      let rho = distances[nonZero + index - 1]!;
      if (interpolation >= SIGMA_TOLERANCE) rho += interpolation * (distances[nonZero + index]! - rho);
      return rho;
    }
    return count > 0 ? interpolation * distances[nonZero]! : 0;
  }
  return count > 0 ? distances[end - 1]! : 0;
}

function findSigma(distances: Float64Array, begin: number, end: number, target: number, rho: number): number {
  let sigma = 1;
  let best = sigma;
  let bestDiff = Infinity;
  let lo = 0;
  let hi = Infinity;
  for (let iteration = 0; iteration < SIGMA_ITERATIONS; iteration++) {
    let sum = 0;
    for (let s = begin; s < end; s++) {
      const r = distances[s]! - rho;
      sum += r <= 0 ? 1 : Math.exp(-r / sigma);
    }
    const diff = Math.abs(sum - target);
    if (diff < SIGMA_TOLERANCE) return sigma;
    if (diff < bestDiff) {
      bestDiff = diff;
      best = sigma;
    }
    if (sum > target) {
      hi = sigma;
      sigma = 0.5 * (lo + hi);
    } else {
      lo = sigma;
      sigma = hi === Infinity ? sigma * 2 : 0.5 * (lo + hi);
    }
  }
  return best;
}

/**
 * Fuzzy union of the directed memberships (self loops dropped): entry (i, j) is
 * a + b − a·b where a is i→j and b is j→i (0 when absent).
 */
export function fuzzyUnion(graph: NeighborGraph, weights: Float64Array): SparseGraph {
  const { n, k, indices } = graph;
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = indices[s]!;
      if (j === i || j < 0 || !(weights[s]! > 0)) continue;
      counts[i + 1]++;
      counts[j + 1]++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i]!;
  const rawCols = new Int32Array(counts[n]!);
  const rawVals = new Float64Array(counts[n]!);
  const fill = counts.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = indices[s]!;
      if (j === i || j < 0 || !(weights[s]! > 0)) continue;
      rawCols[fill[i]!] = j;
      rawVals[fill[i]!++] = weights[s]!;
      rawCols[fill[j]!] = i;
      rawVals[fill[j]!++] = weights[s]!;
    }
  }
  // Within each row: sort by column, then merge the (at most two) entries of each pair.
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(rawCols.length);
  const vals = new Float64Array(rawCols.length);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const begin = counts[i]!;
    const end = counts[i + 1]!;
    sortRow(rawCols, rawVals, begin, end);
    for (let s = begin; s < end; s++) {
      if (s > begin && rawCols[s] === cols[out - 1]) {
        const a = vals[out - 1]!;
        const b = rawVals[s]!;
        vals[out - 1] = a + b - a * b;
      } else {
        cols[out] = rawCols[s]!;
        vals[out++] = rawVals[s]!;
      }
    }
    rowPtr[i + 1] = out;
  }
  return { n, rowPtr, cols: cols.slice(0, out), vals: vals.slice(0, out) };
}

/** Insertion sort of one row by column (rows hold about 2k entries). */
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

/** Number of connected components of the graph (union–find). */
export function connectedComponents(graph: SparseGraph): number {
  const parent = new Int32Array(graph.n);
  for (let i = 0; i < graph.n; i++) parent[i] = i;
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  let components = graph.n;
  for (let i = 0; i < graph.n; i++) {
    for (let s = graph.rowPtr[i]!; s < graph.rowPtr[i + 1]!; s++) {
      const a = root(i);
      const b = root(graph.cols[s]!);
      if (a !== b) {
        parent[a] = b;
        components--;
      }
    }
  }
  return components;
}
