/**
 * uwot's SGD layout (non-batch, in-place updates, as `umap` runs by default): each epoch
 * visits every edge whose next sample is due (edges are sampled in proportion to their
 * membership), pulls its two ends together, and pushes the head away from a number of
 * uniformly drawn negative samples. Gradients are clipped to ±4; the learning rate decays
 * linearly over the epochs. With `moveTail` false (umap_transform) only heads move.
 */
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';

const DIST_EPS = 1.1920928955078125e-7; // FLT_EPSILON, uwot's floor on squared distances
const CLIP = 4;
const EDGE_CHUNK = 4096;

export interface LayoutEdges {
  head: Int32Array;
  tail: Int32Array;
  /** Epochs between two samples of each edge: n_epochs · max(w) / (n_epochs · w). */
  epochsPerSample: Float64Array;
}

export interface LayoutOptions {
  /** Row-major coordinates updated in place. */
  headEmbedding: Float64Array;
  /** The tail coordinates: the same array when both ends move. */
  tailEmbedding: Float64Array;
  nTail: number;
  dim: number;
  nEpochs: number;
  a: number;
  b: number;
  gamma: number;
  initialAlpha: number;
  negativeSampleRate: number;
  moveTail: boolean;
  onEpoch?: (epoch: number) => void;
}

/** uwot's make_epochs_per_sample: −1 for zero weights (never sampled). */
export function epochsPerSample(weights: Float64Array, nEpochs: number): Float64Array {
  let max = 0;
  for (const w of weights) max = Math.max(max, w);
  return weights.map((w) => {
    const samples = nEpochs * (w / max);
    return samples > 0 ? nEpochs / samples : -1;
  });
}

/** Per-edge sampling schedule and the settings the epoch loop reads. */
interface LayoutState {
  edges: LayoutEdges;
  perNegative: Float64Array;
  nextSample: Float64Array;
  nextNegative: Float64Array;
  options: LayoutOptions;
  disp: Float64Array;
  random: FastRandom;
}

export async function optimizeLayout(edges: LayoutEdges, options: LayoutOptions, random: FastRandom, pacer: Pacer): Promise<void> {
  const perNegative = edges.epochsPerSample.map((value) => value / options.negativeSampleRate);
  const state: LayoutState = {
    edges,
    perNegative,
    nextSample: edges.epochsPerSample.slice(),
    nextNegative: perNegative.slice(),
    options,
    disp: new Float64Array(options.dim),
    random,
  };
  const nEdges = edges.head.length;
  let alpha = options.initialAlpha;
  for (let epoch = 0; epoch < options.nEpochs; epoch++) {
    for (let start = 0; start < nEdges; start += EDGE_CHUNK) {
      runEdges(state, epoch, alpha, start, Math.min(nEdges, start + EDGE_CHUNK));
      if (pacer.due()) await pacer.checkpoint();
    }
    alpha = options.initialAlpha * (1 - epoch / options.nEpochs);
    options.onEpoch?.(epoch);
  }
}

/** One epoch's pass over edges [start, end): kept synchronous so it optimises as a plain loop. */
function runEdges(state: LayoutState, epoch: number, alpha: number, start: number, end: number): void {
  const { edges, perNegative, nextSample, nextNegative, disp, random } = state;
  const { headEmbedding: head, tailEmbedding: tail, nTail, dim, a, b, gamma, moveTail } = state.options;
  const perSample = edges.epochsPerSample;
  const heads = edges.head;
  const tails = edges.tail;
  const attractScale = -2 * a * b;
  const repelScale = 2 * gamma * b;
  const sameArray = head === tail;
  for (let e = start; e < end; e++) {
    if (nextSample[e]! > epoch || perSample[e]! < 0) continue;
    const j = heads[e]! * dim;
    const k = tails[e]! * dim;
    let d2 = 0;
    for (let d = 0; d < dim; d++) {
      const diff = head[j + d]! - tail[k + d]!;
      disp[d] = diff;
      d2 += diff * diff;
    }
    if (d2 < DIST_EPS) d2 = DIST_EPS;
    const pd2b = Math.exp(b * Math.log(d2));
    const attract = (attractScale * pd2b) / (d2 * (a * pd2b + 1));
    for (let d = 0; d < dim; d++) {
      let grad = attract * disp[d]!;
      grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
      head[j + d] += alpha * grad;
      if (moveTail) tail[k + d] -= alpha * grad;
    }

    const nNegative = Math.floor((epoch - nextNegative[e]!) / perNegative[e]!);
    for (let s = 0; s < nNegative; s++) {
      const kn = random.nextInt(nTail) * dim;
      if (sameArray && kn === j) continue;
      let r2 = 0;
      for (let d = 0; d < dim; d++) {
        const diff = head[j + d]! - tail[kn + d]!;
        disp[d] = diff;
        r2 += diff * diff;
      }
      if (r2 < DIST_EPS) r2 = DIST_EPS;
      const repel = repelScale / ((0.001 + r2) * (a * Math.exp(b * Math.log(r2)) + 1));
      for (let d = 0; d < dim; d++) {
        let grad = repel * disp[d]!;
        grad = grad > CLIP ? CLIP : grad < -CLIP ? -CLIP : grad;
        head[j + d] += alpha * grad;
      }
    }
    nextSample[e] += perSample[e]!;
    nextNegative[e] += nNegative * perNegative[e]!;
  }
}
