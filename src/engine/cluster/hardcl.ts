/**
 * Hard competitive learning as flexclust `cclust(method = "hardcl")` with its defaults
 * (rtemis `cluster_HardCL`): 200 passes over the cases in a random order; each case moves
 * its nearest centre towards itself by 1/t, t = the number of cases that centre has won so
 * far (flexclust's "polynomial" rate, c(1, 0)). The centre update is the same under both
 * distances; `dist` decides which centre is nearest. Cases are then labelled by their
 * nearest final centre. flexclust reports such a fit as not converged (it never stops early).
 */
import type { HardCLConfig } from '../config/types.js';
import type { FitContext } from '../learner.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { assignToCentres, cclustStart, centresClust, nearestCentre, rowMatrix, type RowMatrix } from './centres.js';

/** flexclust's `cclustControl` default `iter.max`. */
const PASSES = 200;

export interface HardCLFit {
  /** Row-major k × p. */
  centres: Float64Array;
  labels: Int32Array;
}

export async function hardcl(data: RowMatrix, config: HardCLConfig, context: FitContext): Promise<HardCLFit> {
  const { k, dist } = config;
  const { p } = data;
  const { order, centres } = cclustStart(data, k, context.random, 'HardCL');
  const wins = new Float64Array(k);
  for (let pass = 0; pass < PASSES; pass++) {
    await context.checkpoint();
    for (let r = 0; r < order.length; r++) {
      const i = order[r]!;
      const c = nearestCentre(data, i, centres, k, dist);
      wins[c]!++;
      const rate = 1 / wins[c]!;
      for (let j = 0; j < p; j++) centres[c * p + j]! += rate * (data.rows[i * p + j]! - centres[c * p + j]!);
    }
  }
  return { centres, labels: assignToCentres(data, centres, k, dist) };
}

export const hardclMethod: ClusteringMethod<HardCLConfig> = {
  name: 'HardCL',
  async fit(input, config, context) {
    const data = rowMatrix(input.x, 'HardCL');
    const fit = await hardcl(data, config, context);
    return { assignments: fit.labels, k: config.k, clust: centresClust(data, fit.centres, config.k, fit.labels, PASSES, false) };
  },
};
