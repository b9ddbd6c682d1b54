/**
 * kknn's neighbour weights (kknn::kknn, Hechenbichler & Schliep 2004). A query's k nearest
 * distances are divided by the distance of the (k+1)-th neighbour (at least 1e-6) and clamped
 * to [1e-6, 1 − 1e-6]; the kernel turns each into a weight. "rank" weighs by rank (ties share
 * their average rank), "optimal" uses Samworth's (2012) fixed weights for k neighbours in d
 * dimensions, whatever the distances.
 */
import type { KNNKernel } from '../config/types.js';
import { normalQuantile } from './normal-quantile.js';

const FLOOR = 1e-6;

/** Fills `weights[0..k)` from one query's k + 1 sorted distances at `distances[offset..offset+k]`. */
export type Weigh = (distances: Float64Array, offset: number, weights: Float64Array) => void;

/** `terms`: kknn's d, the number of design columns (the optimal kernel depends on it). */
export function neighbourWeights(kernel: KNNKernel, k: number, terms: number): Weigh {
  switch (kernel) {
    case 'rectangular':
      return (_distances, _offset, weights) => weights.fill(1, 0, k);
    case 'optimal': {
      const fixed = optimalWeights(k, terms);
      return (_distances, _offset, weights) => weights.set(fixed);
    }
    case 'rank':
      return rankWeights(k);
    default:
      return scaledWeights(k, profile(kernel, k));
  }
}

/** Kernels of the scaled distance w ∈ [1e-6, 1 − 1e-6]. */
function profile(kernel: Exclude<KNNKernel, 'rectangular' | 'optimal' | 'rank'>, k: number): (w: number) => number {
  switch (kernel) {
    case 'triangular':
      return (w) => 1 - w;
    case 'epanechnikov':
      return (w) => 0.75 * (1 - w * w);
    case 'biweight':
      // dbeta((w + 1) / 2, 3, 3) = 30 x²(1 − x)²
      return (w) => {
        const x = (w + 1) / 2;
        return 30 * x * x * (1 - x) * (1 - x);
      };
    case 'triweight':
      // dbeta((w + 1) / 2, 4, 4) = 140 x³(1 − x)³
      return (w) => {
        const x = (w + 1) / 2;
        return 140 * (x * (1 - x)) ** 3;
      };
    case 'cos':
      return (w) => Math.cos((w * Math.PI) / 2);
    case 'inv':
      return (w) => 1 / w;
    case 'gaussian': {
      const scale = Math.abs(normalQuantile(1 / (2 * (k + 1))));
      return (w) => Math.exp(-0.5 * (w * scale) ** 2) / Math.sqrt(2 * Math.PI);
    }
  }
}

function scaledWeights(k: number, kernel: (w: number) => number): Weigh {
  return (distances, offset, weights) => {
    const reach = Math.max(distances[offset + k]!, FLOOR);
    for (let j = 0; j < k; j++) {
      const w = Math.min(Math.max(distances[offset + j]! / reach, FLOOR), 1 - FLOOR);
      weights[j] = kernel(w);
    }
  };
}

/** (k + 1) − rank of each of the k distances, ties sharing their average rank (R's `rank`). */
function rankWeights(k: number): Weigh {
  return (distances, offset, weights) => {
    for (let j = 0; j < k; ) {
      let last = j;
      while (last + 1 < k && distances[offset + last + 1] === distances[offset + j]) last++;
      const rank = (j + last) / 2 + 1;
      for (let i = j; i <= last; i++) weights[i] = k + 1 - rank;
      j = last + 1;
    }
  };
}

/** kknn's optKernel(k, d): 1/k · (1 + d/2 − d/(2 k^(2/d)) · (i^(1+2/d) − (i−1)^(1+2/d))), i = 1…k. */
function optimalWeights(k: number, d: number): Float64Array {
  const power = 1 + 2 / d;
  const factor = d / (2 * k ** (2 / d));
  return Float64Array.from({ length: k }, (_, j) => (1 / k) * (1 + d / 2 - factor * ((j + 1) ** power - j ** power)));
}
