/**
 * Neural gas as flexclust `cclust(method = "neuralgas")` with its defaults (rtemis
 * `cluster_NeuralGas`): 200 passes over the cases in a random order; each case ranks the
 * centres by distance (`dist`) and moves the centre of rank r towards itself by
 * e·exp(−r/λ), where e decays from 0.5 to 0.005 and λ from 10 to 0.01 geometrically over
 * all case visits (flexclust's `ng.rate` c(0.5, 0.005, 10, 0.01)). Cases are then labelled
 * by their nearest final centre. flexclust reports such a fit as not converged.
 */
import type { NeuralGasConfig } from '../config/types.js';
import type { FitContext } from '../learner.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { assignToCentres, cclustStart, centreDistance, centresClust, rowMatrix, type RowMatrix } from './centres.js';

/** flexclust's `cclustControl` default `iter.max`. */
const PASSES = 200;
const RATE_START = 0.5;
const RATE_END = 0.005;
const LAMBDA_START = 10;
const LAMBDA_END = 0.01;

export interface NeuralGasFit {
  /** Row-major k × p. */
  centres: Float64Array;
  labels: Int32Array;
}

export async function neuralgas(data: RowMatrix, config: NeuralGasConfig, context: FitContext): Promise<NeuralGasFit> {
  const { k, dist } = config;
  const { n, p } = data;
  const { order, centres } = cclustStart(data, k, context.random, 'NeuralGas');
  const distances = new Float64Array(k);
  const ranked = new Int32Array(k);
  for (let pass = 0; pass < PASSES; pass++) {
    await context.checkpoint();
    for (let r = 0; r < n; r++) {
      const i = order[r]!;
      for (let c = 0; c < k; c++) {
        distances[c] = centreDistance(data, i, centres, c, dist);
        ranked[c] = c;
      }
      // Stable: equally distant centres keep their index order, as flexclust's bubble sort does.
      rankByDistance(ranked, distances);
      const progress = (pass * n + r) / (PASSES * n);
      const rate = RATE_START * (RATE_END / RATE_START) ** progress;
      const lambda = LAMBDA_START * (LAMBDA_END / LAMBDA_START) ** progress;
      for (let rank = 0; rank < k; rank++) {
        const c = ranked[rank]!;
        const step = rate * Math.exp(-rank / lambda);
        for (let j = 0; j < p; j++) centres[c * p + j]! += step * (data.rows[i * p + j]! - centres[c * p + j]!);
      }
    }
  }
  return { centres, labels: assignToCentres(data, centres, k, dist) };
}

/** Insertion sort of centre indices by distance (k is small); stable. */
function rankByDistance(ranked: Int32Array, distances: Float64Array): void {
  for (let a = 1; a < ranked.length; a++) {
    const held = ranked[a]!;
    let b = a - 1;
    while (b >= 0 && distances[ranked[b]!]! > distances[held]!) {
      ranked[b + 1] = ranked[b]!;
      b--;
    }
    ranked[b + 1] = held;
  }
}

export const neuralgasMethod: ClusteringMethod<NeuralGasConfig> = {
  name: 'NeuralGas',
  async fit(input, config, context) {
    const data = rowMatrix(input.x, 'NeuralGas');
    const fit = await neuralgas(data, config, context);
    return { assignments: fit.labels, k: config.k, clust: centresClust(data, fit.centres, config.k, fit.labels, PASSES, false) };
  },
};
