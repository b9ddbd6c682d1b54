/**
 * KNN next to scikit-learn's KNeighbors* (kknn itself is not packaged for Debian), set up to
 * compute what kknn computes (peer-knn.py): the same one-hot, sd-scaled space, and
 * - rectangular ↔ `weights="uniform"` over the k nearest;
 * - optimal (rtemis's default) and triangular ↔ a callable over the k + 1 nearest that applies
 *   kknn's kernel to the k nearest distances scaled by the (k+1)-th.
 * So the two sides must agree on every test case except where neighbour distances tie (each
 * side then orders tied cases its own way).
 */
import type { KNNKernel } from '../../../src/engine/config/types.js';
import { fitKnn, knnDefaults } from '../../../src/engine/knn/knn.js';
import type { FitContext, TrainingData } from '../../../src/engine/learner.js';
import { createRandom } from '../../../src/engine/random.js';
import type { Pairing } from './peer-pairings.js';

const VARIANTS: { kernel: KNNKernel; p: number; peerName: string }[] = [
  { kernel: 'optimal', p: 2, peerName: 'sklearn, kknn optimal weights' },
  { kernel: 'rectangular', p: 2, peerName: 'sklearn uniform (rectangular)' },
  { kernel: 'triangular', p: 1, peerName: 'sklearn, kknn triangular, p=1' },
];

function context(seed: number): FitContext {
  return { random: createRandom(seed), checkpoint: () => Promise.resolve() };
}

export function knnPairing(kernel: KNNKernel, p: number, peerName: string, k = knnDefaults.k): Pairing {
  return {
    family: 'KNN',
    peerName,
    fits: () => true,
    fitOurs: (data, seed) => fitKnn(data, { ...knnDefaults, k, kernel, distance: p }, context(seed)),
    peerRuntime: 'sklearn',
    peerArgs: (data: TrainingData) => ({
      task: data.classes === null ? 'regression' : 'classification',
      ...(data.classes === null ? {} : { levels: data.classes.join('|') }),
      k,
      kernel,
      p,
    }),
    samePredictions: true,
  };
}

export function knnPairings(): Pairing[] {
  return VARIANTS.map(({ kernel, p, peerName }) => knnPairing(kernel, p, peerName));
}
