/**
 * The k-nearest-neighbour graph UMAP builds on: exact (all pairs) for small data, NN-descent
 * above EXACT_LIMIT cases (uwot switches from exact FNN to approximate Annoy search at 4096).
 * Each row lists the case itself first (distance 0), then its k − 1 nearest other cases in
 * ascending distance, as uwot's neighbour matrices do.
 */
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';
import type { PreparedMetric } from './metric.js';
import { createHeaps, heapPush, sortHeaps, type NeighborHeaps } from './neighbor-heap.js';
import { nnDescent } from './nn-descent.js';

export const EXACT_LIMIT = 4096;

export interface NeighborGraph {
  n: number;
  /** Neighbours per row, the case itself included. */
  k: number;
  indices: Int32Array;
  distances: Float64Array;
}

export async function neighborGraph(metric: PreparedMetric, n: number, k: number, random: FastRandom, pacer: Pacer): Promise<NeighborGraph> {
  const others = k - 1;
  const heaps = n <= EXACT_LIMIT ? await exactHeaps(metric, n, others, pacer) : await nnDescent(metric, n, others, random, pacer);
  sortHeaps(heaps);
  const indices = new Int32Array(n * k);
  const distances = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    indices[i * k] = i;
    for (let s = 0; s < others; s++) {
      indices[i * k + 1 + s] = heaps.indices[i * others + s]!;
      distances[i * k + 1 + s] = metric.finish(heaps.distances[i * others + s]!);
    }
  }
  return { n, k, indices, distances };
}

/** All pairs, each distance computed once and offered to both cases. */
async function exactHeaps(metric: PreparedMetric, n: number, k: number, pacer: Pacer): Promise<NeighborHeaps> {
  const heaps = createHeaps(n, k);
  const { rows, reduced } = metric;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = reduced(rows, i, rows, j);
      heapPush(heaps, i, d, j, 0);
      heapPush(heaps, j, d, i, 0);
    }
    if (pacer.due()) await pacer.checkpoint();
  }
  return heaps;
}

/**
 * The k nearest training cases of each new case (umap_transform's search), exact: rows of
 * `queries` against every training row.
 */
export async function queryNeighbors(
  metric: PreparedMetric,
  nTrain: number,
  queries: Float64Array,
  nQueries: number,
  k: number,
  pacer: Pacer,
): Promise<NeighborGraph> {
  const heaps = createHeaps(nQueries, k);
  const { rows, reduced } = metric;
  for (let i = 0; i < nQueries; i++) {
    for (let j = 0; j < nTrain; j++) heapPush(heaps, i, reduced(queries, i, rows, j), j, 0);
    if (pacer.due()) await pacer.checkpoint();
  }
  sortHeaps(heaps);
  const distances = heaps.distances.map((d) => metric.finish(d));
  return { n: nQueries, k, indices: heaps.indices, distances };
}
