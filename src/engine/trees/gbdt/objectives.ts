/**
 * LightGBM's objectives: L2 regression, binary log-loss (sigmoid slope σ), multiclass softmax.
 * Scores are raw margins, one column per class for multiclass (`scores[k * n + i]`).
 */

export type ObjectiveName = 'regression' | 'binary' | 'multiclass';

export interface Objective {
  readonly name: ObjectiveName;
  /** Number of score columns (trees per round). */
  readonly outputs: number;
  /** Starting score per output (boost_from_average). */
  initScores(y: Float64Array, w: Float64Array | null): Float64Array;
  /** Fills gradients/hessians of every output at `scores` (class-major, like scores). */
  gradients(scores: Float64Array, y: Float64Array, w: Float64Array | null, g: Float64Array, h: Float64Array): void;
  /** Mean loss of the early-stopping metric (l2, binary_logloss, multi_logloss). */
  loss(scores: Float64Array, y: Float64Array): number;
}

export function makeObjective(name: ObjectiveName, nClasses: number, sigmoid: number, boostFromAverage: boolean): Objective {
  if (name === 'regression') return regression(boostFromAverage);
  if (name === 'binary') return binary(sigmoid, boostFromAverage);
  return multiclass(nClasses);
}

function weightedMean(values: (i: number) => number, n: number, w: Float64Array | null): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const wi = w === null ? 1 : w[i]!;
    s += wi * values(i);
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

function regression(boostFromAverage: boolean): Objective {
  return {
    name: 'regression',
    outputs: 1,
    initScores: (y, w) => Float64Array.of(boostFromAverage ? weightedMean((i) => y[i]!, y.length, w) : 0),
    gradients(scores, y, w, g, h) {
      for (let i = 0; i < y.length; i++) {
        const wi = w === null ? 1 : w[i]!;
        g[i] = (scores[i]! - y[i]!) * wi;
        h[i] = wi;
      }
    },
    loss(scores, y) {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += (scores[i]! - y[i]!) ** 2;
      return s / y.length;
    },
  };
}

function binary(sigma: number, boostFromAverage: boolean): Objective {
  return {
    name: 'binary',
    outputs: 1,
    initScores(y, w) {
      if (!boostFromAverage) return Float64Array.of(0);
      const p = Math.min(1 - 1e-15, Math.max(1e-15, weightedMean((i) => y[i]!, y.length, w)));
      return Float64Array.of(Math.log(p / (1 - p)) / sigma);
    },
    gradients(scores, y, w, g, h) {
      const s2 = sigma * sigma;
      for (let i = 0; i < y.length; i++) {
        const p = 1 / (1 + Math.exp(-sigma * scores[i]!));
        g[i] = sigma * (p - y[i]!);
        h[i] = Math.max(s2 * p * (1 - p), 1e-16);
      }
      if (w !== null) {
        for (let i = 0; i < y.length; i++) {
          g[i] *= w[i]!;
          h[i] *= w[i]!;
        }
      }
    },
    loss(scores, y) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const p = Math.min(1 - 1e-15, Math.max(1e-15, 1 / (1 + Math.exp(-sigma * scores[i]!))));
        s -= y[i]! === 1 ? Math.log(p) : Math.log(1 - p);
      }
      return s / y.length;
    },
  };
}

/** Softmax probabilities of row i into `out`. */
export function softmaxRow(scores: Float64Array, n: number, K: number, i: number, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) max = Math.max(max, scores[k * n + i]!);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(scores[k * n + i]! - max);
    out[k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) out[k] /= sum;
}

function multiclass(K: number): Objective {
  const factor = K / (K - 1);
  const prob = new Float64Array(K);
  return {
    name: 'multiclass',
    outputs: K,
    initScores(y, w) {
      const out = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        const p = weightedMean((i) => (y[i] === k ? 1 : 0), y.length, w);
        out[k] = Math.log(Math.max(p, 1e-15));
      }
      return out;
    },
    gradients(scores, y, w, g, h) {
      const n = y.length;
      for (let i = 0; i < n; i++) {
        const wi = w === null ? 1 : w[i]!;
        softmaxRow(scores, n, K, i, prob);
        for (let k = 0; k < K; k++) {
          const p = prob[k]!;
          g[k * n + i] = (p - (y[i] === k ? 1 : 0)) * wi;
          h[k * n + i] = Math.max(factor * p * (1 - p), 1e-16) * wi;
        }
      }
    },
    loss(scores, y) {
      const n = y.length;
      let s = 0;
      for (let i = 0; i < n; i++) {
        softmaxRow(scores, n, K, i, prob);
        s -= Math.log(Math.max(prob[y[i]!]!, 1e-15));
      }
      return s / n;
    },
  };
}
