/**
 * UMAP as `uwot::umap(X, n_components = k, ret_model = TRUE, …)` (rtemis decomp_UMAP) with
 * uwot's defaults for everything rtemis does not expose (min_dist 0.01, spread 1,
 * negative_sample_rate 5, local_connectivity 1, repulsion 1): scale the input, find the
 * k-nearest-neighbour graph, build the fuzzy simplicial set, initialise (spectral by
 * default, falling back to scaled PCA when the graph is disconnected, as uwot does), lay out
 * by SGD with negative sampling, and centre the result. A fit transforms new rows as
 * `umap_transform` does, so UMAP can serve as a `decomposition_config` inside `train`.
 */
import type { DecompositionSettings } from '../../config/types.js';
import type { DecompositionMethod } from '../../unsupervised.js';
import { centerColumns, columnMajor, rowMajor } from '../embedding-input.js';
import { Pacer, type EmbeddingContext } from '../embedding-context.js';
import { FastRandom } from '../fast-random.js';
import { principalComponentScores } from '../principal-components.js';
import { fitCurveParameters } from './curve-parameters.js';
import { connectedComponents, fuzzyUnion, smoothKnn, type SparseGraph } from './fuzzy-set.js';
import { applyInputScaling, fitInputScaling, type InputScaling } from './input-scaling.js';
import { epochsPerSample, optimizeLayout, type LayoutEdges } from './layout.js';
import { prepareMetric, type PreparedMetric } from './metric.js';
import { neighborGraph, queryNeighbors } from './nearest-neighbors.js';
import { laplacianEigenvectors, spectralLayout } from './spectral-init.js';

export type UMAPOptions = DecompositionSettings<'UMAP'>;
export type UMAPInit = UMAPOptions['init'];

/** uwot defaults rtemis does not expose. */
const MIN_DIST = 0.01;
const SPREAD = 1;
const NEGATIVE_SAMPLE_RATE = 5;
const REPULSION = 1;
const LOCAL_CONNECTIVITY = 1;

export interface UMAPFit {
  /** `V1`, `V2`, … as rtemis names uwot's unnamed embedding columns. */
  componentNames: string[];
  /** transformed[c]: component c for every case. */
  transformed: Float64Array[];
  nEpochs: number;
  a: number;
  b: number;
  /** How the layout was initialised (after any fallback). */
  initUsed: UMAPInit;
  /** Embeds new cases into the fitted layout (uwot umap_transform). */
  transform(x: Float64Array[], context: EmbeddingContext): Promise<Float64Array[]>;
}

export async function umap(x: Float64Array[], variableNames: string[], options: UMAPOptions, context: EmbeddingContext): Promise<UMAPFit> {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const { k, n_neighbors: nNeighbors } = options;
  if (p < 1) throw new Error('UMAP needs at least one numeric feature.');
  if (nNeighbors < 2) throw new Error('UMAP n_neighbors must be at least 2.');
  if (nNeighbors > n) throw new Error(`UMAP n_neighbors (${nNeighbors}) must not exceed the number of cases (${n}).`);
  const pacer = new Pacer(context);
  const random = new FastRandom(context.random);
  const raw = rowMajor(x, 'UMAP', variableNames);
  const scaling = options.scale ? fitInputScaling(raw, n, p) : null;
  const data = scaling === null ? raw : applyInputScaling(scaling, raw, n, p);
  const q = scaling === null ? p : scaling.kept.length;
  const metric = prepareMetric(options.metric, data, q);

  context.message(`Finding the ${nNeighbors} nearest neighbours of ${n} cases (${options.metric})...`);
  const neighbors = await neighborGraph(metric, n, nNeighbors, random, pacer);
  const { weights } = smoothKnn(neighbors, LOCAL_CONNECTIVITY, true);
  const graph = fuzzyUnion(neighbors, weights);
  await pacer.checkpoint();

  const { coords, init } = await initialLayout(options.init, graph, data, n, q, k, random, pacer);
  if (init !== options.init) context.message(`The neighbour graph is disconnected: initialising from scaled PCA instead of ${options.init}.`);
  const nEpochs = options.n_epochs ?? (n <= 10_000 ? 500 : 200);
  const { a, b } = fitCurveParameters(SPREAD, MIN_DIST);
  context.message(`Optimising the layout for ${nEpochs} epochs (${graph.cols.length} edges)...`);
  const edges = layoutEdges(graph, nEpochs);
  const report = Math.max(1, Math.round(nEpochs / 5));
  await optimizeLayout(
    edges,
    {
      headEmbedding: coords,
      tailEmbedding: coords,
      nTail: n,
      dim: k,
      nEpochs,
      a,
      b,
      gamma: REPULSION,
      initialAlpha: options.learning_rate,
      negativeSampleRate: NEGATIVE_SAMPLE_RATE,
      moveTail: true,
      onEpoch: (epoch) => {
        if ((epoch + 1) % report === 0 && epoch + 1 < nEpochs) context.message(`Epoch ${epoch + 1} of ${nEpochs}.`);
      },
    },
    random,
    pacer,
  );
  centerColumns(coords, n, k);

  const model: TransformModel = { scaling, p, metric, n, k, nNeighbors, nEpochs, a, b, learningRate: options.learning_rate, embedding: coords };
  return {
    componentNames: Array.from({ length: k }, (_, c) => `V${c + 1}`),
    transformed: columnMajor(coords, n, k),
    nEpochs,
    a,
    b,
    initUsed: init,
    transform: (newX, transformContext) => transformUMAP(model, newX, variableNames, transformContext),
  };
}

async function initialLayout(
  requested: UMAPInit,
  graph: SparseGraph,
  data: Float64Array,
  n: number,
  q: number,
  k: number,
  random: FastRandom,
  pacer: Pacer,
): Promise<{ coords: Float64Array; init: UMAPInit }> {
  let init = requested;
  const spectral = init === 'spectral' || init === 'normlaplacian' || init === 'laplacian';
  if (spectral && n < 3) init = 'random';
  else if (spectral && connectedComponents(graph) > 1) init = 'spca';
  switch (init) {
    case 'spectral':
      return { coords: await spectralLayout(graph, k, random, pacer), init };
    case 'normlaplacian':
    case 'laplacian':
      return { coords: await eigenmap(graph, k, init === 'laplacian', random, pacer), init };
    case 'random':
      return { coords: Float64Array.from({ length: n * k }, () => 20 * random.nextFloat() - 10), init };
    case 'lvrandom':
      return { coords: Float64Array.from({ length: n * k }, () => 1e-4 * random.nextNormal()), init };
    case 'pca':
    case 'spca': {
      const { scores, rank } = principalComponentScores(data, n, q, k, true, false);
      const coords = new Float64Array(n * k);
      for (let i = 0; i < n; i++) for (let c = 0; c < rank; c++) coords[i * k + c] = scores[i * rank + c]!;
      // spca: columns scaled to SD 1e-4, or 1 when falling back from a disconnected graph.
      if (init === 'spca') scaleColumns(coords, n, k, requested === 'spca' ? 1e-4 : 1);
      return { coords, init };
    }
  }
}

/** Unjittered eigenvectors: the normalised Laplacian's, or (laplacian) the random-walk Laplacian's D^-½-scaled ones, unit length. */
async function eigenmap(graph: SparseGraph, k: number, randomWalk: boolean, random: FastRandom, pacer: Pacer): Promise<Float64Array> {
  const vectors = await laplacianEigenvectors(graph, k, random, pacer);
  const { n, rowPtr, vals } = graph;
  const result = new Float64Array(n * k);
  vectors.forEach((vector, c) => {
    let norm = 0;
    for (let i = 0; i < n; i++) {
      let value = vector[i]!;
      if (randomWalk) {
        let degree = 0;
        for (let s = rowPtr[i]!; s < rowPtr[i + 1]!; s++) degree += vals[s]!;
        value /= Math.sqrt(degree);
      }
      result[i * k + c] = value;
      norm += value * value;
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < n; i++) result[i * k + c] *= scale;
  });
  return result;
}

/** Centres each column and scales it to standard deviation `sd` (uwot scale_coords). */
function scaleColumns(coords: Float64Array, n: number, k: number, sd: number): void {
  centerColumns(coords, n, k);
  for (let c = 0; c < k; c++) {
    let squares = 0;
    for (let i = 0; i < n; i++) squares += coords[i * k + c]! ** 2;
    const current = Math.sqrt(squares / (n - 1));
    const factor = current > 0 ? sd / current : 1;
    for (let i = 0; i < n; i++) coords[i * k + c] *= factor;
  }
}

/** Every graph entry as a directed edge, those below max / n_epochs dropped (uwot). */
function layoutEdges(graph: SparseGraph, nEpochs: number): LayoutEdges {
  let max = 0;
  for (const value of graph.vals) max = Math.max(max, value);
  const floor = max / nEpochs;
  const head: number[] = [];
  const tail: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < graph.n; i++) {
    for (let s = graph.rowPtr[i]!; s < graph.rowPtr[i + 1]!; s++) {
      if (graph.vals[s]! < floor) continue;
      head.push(i);
      tail.push(graph.cols[s]!);
      weights.push(graph.vals[s]!);
    }
  }
  return { head: Int32Array.from(head), tail: Int32Array.from(tail), epochsPerSample: epochsPerSample(Float64Array.from(weights), nEpochs) };
}

interface TransformModel {
  scaling: InputScaling | null;
  p: number;
  metric: PreparedMetric;
  n: number;
  k: number;
  nNeighbors: number;
  nEpochs: number;
  a: number;
  b: number;
  learningRate: number;
  /** Row-major, centred training embedding. */
  embedding: Float64Array;
}

/**
 * umap_transform: neighbours among the training cases, memberships with local connectivity
 * 0, weighted-average initialisation, then n_epochs / 3 epochs (at least 2) with a quarter
 * of the learning rate, moving only the new cases.
 */
async function transformUMAP(model: TransformModel, x: Float64Array[], variableNames: string[], context: EmbeddingContext): Promise<Float64Array[]> {
  if (x.length !== model.p) throw new Error(`UMAP transform expects ${model.p} features; got ${x.length}.`);
  const m = x[0]?.length ?? 0;
  const { k, nNeighbors } = model;
  if (m === 0) return Array.from({ length: k }, () => new Float64Array(0));
  const pacer = new Pacer(context);
  const random = new FastRandom(context.random);
  const raw = rowMajor(x, 'UMAP', variableNames);
  const scaled = model.scaling === null ? raw : applyInputScaling(model.scaling, raw, m, model.p);
  const queries = model.metric.prepare(scaled);
  const neighbors = await queryNeighbors(model.metric, model.n, queries, m, nNeighbors, pacer);
  const { weights } = smoothKnn(neighbors, 0, true);

  const coords = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    let total = 0;
    for (let s = i * nNeighbors; s < (i + 1) * nNeighbors; s++) {
      const w = weights[s]!;
      const j = neighbors.indices[s]!;
      total += w;
      for (let c = 0; c < k; c++) coords[i * k + c] += w * model.embedding[j * k + c]!;
    }
    for (let c = 0; c < k; c++) coords[i * k + c] /= total;
  }

  const nEpochs = Math.max(2, Math.round(model.nEpochs / 3));
  let max = 0;
  for (const w of weights) max = Math.max(max, w);
  const head: number[] = [];
  const tail: number[] = [];
  const kept: number[] = [];
  for (let s = 0; s < weights.length; s++) {
    if (weights[s]! < max / nEpochs) continue;
    head.push(Math.floor(s / nNeighbors));
    tail.push(neighbors.indices[s]!);
    kept.push(weights[s]!);
  }
  const edges: LayoutEdges = { head: Int32Array.from(head), tail: Int32Array.from(tail), epochsPerSample: epochsPerSample(Float64Array.from(kept), nEpochs) };
  await optimizeLayout(
    edges,
    {
      headEmbedding: coords,
      tailEmbedding: model.embedding,
      nTail: model.n,
      dim: k,
      nEpochs,
      a: model.a,
      b: model.b,
      gamma: REPULSION,
      initialAlpha: model.learningRate / 4,
      negativeSampleRate: NEGATIVE_SAMPLE_RATE,
      moveTail: false,
    },
    random,
    pacer,
  );
  return columnMajor(coords, m, k);
}

/** The decomposition seam's view of UMAP: no loadings, not invertible, transforms new rows. */
export const umapMethod: DecompositionMethod<UMAPOptions> = {
  name: 'UMAP',
  async fit(data, settings, context) {
    const fit = await umap(data.x, data.names, settings, context);
    return {
      componentNames: fit.componentNames,
      transformed: fit.transformed,
      loadings: null,
      reconstructed: null,
      // The scalar fields of uwot's returned model (the embedding is served as `transformed`).
      decom: {
        n_neighbors: settings.n_neighbors,
        n_epochs: fit.nEpochs,
        alpha: settings.learning_rate,
        negative_sample_rate: NEGATIVE_SAMPLE_RATE,
        method: 'umap',
        a: fit.a,
        b: fit.b,
        gamma: REPULSION,
        local_connectivity: LOCAL_CONNECTIVITY,
        metric: settings.metric,
        init: fit.initUsed,
      },
      transform: (x, transformContext) => fit.transform(x, transformContext),
    };
  },
};
