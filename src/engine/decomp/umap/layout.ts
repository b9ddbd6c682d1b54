/**
 * uwot's SGD layout (non-batch, in-place updates, as `umap` runs by default): each epoch
 * visits every edge whose next sample is due (edges are sampled in proportion to their
 * membership), pulls its two ends together, and pushes the head away from a number of
 * uniformly drawn negative samples. Gradients are clipped to ±4; the learning rate decays
 * linearly over the epochs. With `moveTail` false (umap_transform) only heads move.
 */
import type { Pacer } from '../embedding-context.js';
import type { FastRandom } from '../fast-random.js';
import { GradientTable } from './gradient-table.js';

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
  gradient: GradientTable;
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
    gradient: new GradientTable(options.a, options.b, options.gamma),
  };
  const nEdges = edges.head.length;
  let alpha = options.initialAlpha;
  for (let epoch = 0; epoch < options.nEpochs; epoch++) {
    for (let start = 0; start < nEdges; start += EDGE_CHUNK) {
      if (options.dim === 2) runEdges2(state, epoch, alpha, start, Math.min(nEdges, start + EDGE_CHUNK));
      else runEdges(state, epoch, alpha, start, Math.min(nEdges, start + EDGE_CHUNK));
      if (pacer.due()) await pacer.checkpoint();
    }
    alpha = options.initialAlpha * (1 - epoch / options.nEpochs);
    options.onEpoch?.(epoch);
  }
}

/** One epoch's pass over edges [start, end): kept synchronous so it optimises as a plain loop. */
function runEdges(state: LayoutState, epoch: number, alpha: number, start: number, end: number): void {
  const { edges, perNegative, nextSample, nextNegative, disp, random, gradient } = state;
  const { headEmbedding: head, tailEmbedding: tail, nTail, dim, moveTail } = state.options;
  const perSample = edges.epochsPerSample;
  const heads = edges.head;
  const tails = edges.tail;
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
    const attract = gradient.attract(d2);
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
      const repel = gradient.repel(r2);
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

/** runEdges for the common 2-D layout, unrolled. */
function runEdges2(state: LayoutState, epoch: number, alpha: number, start: number, end: number): void {
  const { edges, perNegative, nextSample, nextNegative, random, gradient } = state;
  const { headEmbedding: head, tailEmbedding: tail, nTail, moveTail } = state.options;
  const perSample = edges.epochsPerSample;
  const heads = edges.head;
  const tails = edges.tail;
  const sameArray = head === tail;
  for (let e = start; e < end; e++) {
    if (nextSample[e]! > epoch || perSample[e]! < 0) continue;
    const j = heads[e]! << 1;
    const k = tails[e]! << 1;
    let hx = head[j]!;
    let hy = head[j + 1]!;
    const dx = hx - tail[k]!;
    const dy = hy - tail[k + 1]!;
    let d2 = dx * dx + dy * dy;
    if (d2 < DIST_EPS) d2 = DIST_EPS;
    const attract = gradient.attract(d2);
    let gx = attract * dx;
    let gy = attract * dy;
    gx = (gx > CLIP ? CLIP : gx < -CLIP ? -CLIP : gx) * alpha;
    gy = (gy > CLIP ? CLIP : gy < -CLIP ? -CLIP : gy) * alpha;
    hx += gx;
    hy += gy;
    if (moveTail) {
      tail[k] -= gx;
      tail[k + 1] -= gy;
    }
    const nNegative = Math.floor((epoch - nextNegative[e]!) / perNegative[e]!);
    for (let s = 0; s < nNegative; s++) {
      const kn = random.nextInt(nTail) << 1;
      if (sameArray && kn === j) continue;
      const rx = hx - tail[kn]!;
      const ry = hy - tail[kn + 1]!;
      let r2 = rx * rx + ry * ry;
      if (r2 < DIST_EPS) r2 = DIST_EPS;
      const repel = gradient.repel(r2);
      let fx = repel * rx;
      let fy = repel * ry;
      fx = fx > CLIP ? CLIP : fx < -CLIP ? -CLIP : fx;
      fy = fy > CLIP ? CLIP : fy < -CLIP ? -CLIP : fy;
      hx += alpha * fx;
      hy += alpha * fy;
    }
    head[j] = hx;
    head[j + 1] = hy;
    nextSample[e] += perSample[e]!;
    nextNegative[e] += nNegative * perNegative[e]!;
  }
}
