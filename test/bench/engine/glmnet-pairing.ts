/**
 * GLMNET next to R cv.glmnet: rtemis's default GLMNET fit with `lambda` null — cv.glmnet
 * with 10 random folds, predictions at lambda.1se — on both sides, lasso (alpha 1), no case
 * weights (the pairings train on unweighted data; `ifw` is off on our side too).
 */
import { defaultHyperparameters } from '../../../src/engine/catalog/defaults.js';
import { glmnetLearner } from '../../../src/engine/linear/glmnet/glmnet.js';
import { createRandom } from '../../../src/engine/random.js';
import type { Pairing } from './peer-pairings.js';

const GLMNET = { ...defaultHyperparameters('GLMNET'), ifw: false };

export function glmnetPairing(): Pairing {
  return {
    family: 'GLMNET',
    peerName: 'R cv.glmnet',
    fits: () => true,
    fitOurs: (data, seed) => glmnetLearner.fit(data, GLMNET, { random: createRandom(seed), checkpoint: () => Promise.resolve() }),
    peerRuntime: 'R',
    peerArgs: (data) => ({
      method: 'cv.glmnet',
      task: data.classes === null ? 'regression' : 'classification',
      ...(data.classes === null ? {} : { levels: data.classes.join('|') }),
      alpha: GLMNET.alpha,
    }),
  };
}
