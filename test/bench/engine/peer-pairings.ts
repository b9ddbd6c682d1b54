/**
 * Each engine algorithm next to its peer with the same hyperparameters: GLM ↔ R glm,
 * CART ↔ rpart, Ranger ↔ ranger (probability forest), LightGBM ↔ xgboost hist with
 * leaf-wise growth (lossguide), NNLS ↔ R nnls, Isotonic ↔ R isoreg, LinearSVM / RadialSVM ↔
 * e1071::svm as rtemis calls it (one-hot factors, probabilities). Settings the two sides
 * name differently are mapped here once.
 */
import type { FitContext, FittedModel, TrainingData } from '../../../src/engine/learner.js';
import { glmLearner } from '../../../src/engine/linear/glm.js';
import { isotonicLearner } from '../../../src/engine/linear/isotonic-learner.js';
import { nnlsLearner } from '../../../src/engine/linear/nnls-learner.js';
import { linearSvmLearner, radialSvmLearner } from '../../../src/engine/svm/svm-learner.js';
import { createRandom } from '../../../src/engine/random.js';
import { cartDefaults, fitCart } from '../../../src/engine/trees/cart.js';
import { fitLightgbm, lightgbmDefaults } from '../../../src/engine/trees/gbdt/lightgbm.js';
import { fitRanger, rangerDefaults } from '../../../src/engine/trees/ranger.js';
import type { PeerRuntime } from './peer-process.js';

export type Family = 'GLM' | 'CART' | 'Ranger' | 'LightGBM' | 'NNLS' | 'Isotonic' | 'KNN' | 'LinearSVM' | 'RadialSVM' | 'GLMNET';

export interface Pairing {
  family: Family;
  peerName: string;
  /** False when the algorithm does not fit this outcome (GLM: more than two classes). */
  fits(data: TrainingData): boolean;
  fitOurs(data: TrainingData, seed: number): Promise<FittedModel>;
  peerRuntime: PeerRuntime;
  peerArgs(data: TrainingData): Record<string, string | number>;
  /** Both sides compute the same function: test outputs must agree except where distances tie. */
  samePredictions?: boolean;
  /** Also report the share of test labels both sides agree on (classification). */
  labelAgreement?: boolean;
}

export interface PairingSettings {
  rangerTrees: number;
  gbmLeaves: number;
  gbmRounds: number;
  gbmLearningRate: number;
  /** Both SVMs' cost and the radial kernel's gamma (rtemis defaults: 1 and 0.01). */
  svmCost: number;
  svmGamma: number;
}

/** In-process fits: seeded randomness, a checkpoint that yields nothing but a resolved promise. */
function context(seed: number): FitContext {
  return { random: createRandom(seed), checkpoint: () => Promise.resolve() };
}

const task = (data: TrainingData) => (data.classes === null ? 'regression' : 'classification');
const levels = (data: TrainingData): Record<string, string> => (data.classes === null ? {} : { levels: data.classes.join('|') });
const mtry = (data: TrainingData) => Math.max(1, Math.floor(Math.sqrt(data.x.length)));
// ranger's defaults, given explicitly to both sides: 10 for probability forests, 5 for regression.
const minNodeSize = (data: TrainingData) => (data.classes === null ? 5 : 10);

// rtemis's CART defaults (rpart's own minsplit/minbucket are 20/7).
const CART = { cp: 0.01, minsplit: 2, minbucket: 1, maxdepth: 20 };
// Shared by both boosters: L2 leaf penalty 1 and a minimum hessian sum of 1 per leaf (xgboost's
// defaults), no minimum row count per leaf or bin (xgboost has none), 256 histogram bins (xgboost's default).
const BOOSTER = { lambda: 1, minHessian: 1, maxBin: 256 };

const binaryOrRegression = (data: TrainingData) => data.classes === null || data.classes.length === 2;
const allNumeric = (data: TrainingData) => data.featureLevels.every((levels) => levels === null);

/**
 * Isotonic takes one predictor: the numeric feature most positively correlated with the
 * outcome (the positive-class indicator) on the whole dataset, chosen once for both sides.
 */
function isotonicFeature(data: TrainingData): number {
  let best = -1;
  let bestCorrelation = -Infinity;
  data.x.forEach((column, j) => {
    if (data.featureLevels[j] !== null) return;
    const correlation = pearson(column, data.y);
    if (correlation > bestCorrelation) {
      best = j;
      bestCorrelation = correlation;
    }
  });
  return best;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - meanA) * (b[i]! - meanB);
    aa += (a[i]! - meanA) ** 2;
    bb += (b[i]! - meanB) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : -Infinity;
}

/** Our Isotonic on feature `j` alone, predicting from full feature lists. */
async function fitIsotonicOn(data: TrainingData, j: number, seed: number): Promise<FittedModel> {
  const one = { ...data, x: [data.x[j]!], featureNames: [data.featureNames[j]!], featureLevels: [null] };
  const model = await isotonicLearner.fit(one, { ifw: false }, context(seed));
  return { predict: (x) => model.predict([x[j]!]), varimp: () => null };
}

export function pairings(settings: PairingSettings): Pairing[] {
  let isotonicColumn = -1;
  return [
    {
      family: 'GLM',
      peerName: 'R glm',
      fits: (data) => data.classes === null || data.classes.length === 2,
      fitOurs: (data, seed) => glmLearner.fit(data, { ifw: false }, context(seed)),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'glm', task: task(data), ...levels(data) }),
    },
    {
      family: 'CART',
      peerName: 'R rpart',
      fits: () => true,
      fitOurs: (data, seed) => fitCart(data, { ...cartDefaults, ...CART }, context(seed)),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'rpart', task: task(data), ...levels(data), ...CART }),
    },
    {
      family: 'Ranger',
      peerName: 'R ranger',
      fits: () => true,
      fitOurs: (data, seed) =>
        fitRanger(
          data,
          { ...rangerDefaults, num_trees: settings.rangerTrees, mtry: mtry(data), min_node_size: minNodeSize(data), probability: true },
          context(seed),
        ),
      peerRuntime: 'R',
      peerArgs: (data) => ({
        method: 'ranger',
        task: task(data),
        ...levels(data),
        'num.trees': settings.rangerTrees,
        mtry: mtry(data),
        'min.node.size': minNodeSize(data),
      }),
    },
    {
      family: 'LightGBM',
      peerName: 'xgboost hist',
      fits: () => true,
      fitOurs: (data, seed) =>
        fitLightgbm(
          data,
          {
            ...lightgbmDefaults,
            force_nrounds: settings.gbmRounds,
            num_leaves: settings.gbmLeaves,
            learning_rate: settings.gbmLearningRate,
            lambda_l2: BOOSTER.lambda,
            min_sum_hessian_in_leaf: BOOSTER.minHessian,
            min_data_in_leaf: 0,
            min_data_in_bin: 1,
            max_bin: BOOSTER.maxBin,
          },
          context(seed),
        ),
      peerRuntime: 'python',
      peerArgs: (data) => ({
        task: task(data),
        ...levels(data),
        max_leaves: settings.gbmLeaves,
        eta: settings.gbmLearningRate,
        rounds: settings.gbmRounds,
        reg_lambda: BOOSTER.lambda,
        min_child_weight: BOOSTER.minHessian,
        max_bin: BOOSTER.maxBin,
      }),
    },
    {
      family: 'NNLS',
      peerName: 'R nnls',
      fits: (data) => binaryOrRegression(data) && allNumeric(data),
      // Unnormalised: rtemis's default (a convex combination) suits stacked predictions, not raw
      // features, where it predicts poorly on both sides; the unit tests check it against R.
      fitOurs: (data, seed) => nnlsLearner.fit(data, { normalize: false, ifw: false }, context(seed)),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'nnls', task: task(data), ...levels(data), normalize: 'FALSE' }),
    },
    {
      family: 'Isotonic',
      peerName: 'R isoreg',
      // `fits` sees the whole dataset first: the feature is chosen there, once.
      fits: (data) => {
        isotonicColumn = isotonicFeature(data);
        return binaryOrRegression(data) && isotonicColumn >= 0;
      },
      fitOurs: (data, seed) => fitIsotonicOn(data, isotonicColumn, seed),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'isoreg', task: task(data), ...levels(data), feature: `x${isotonicColumn + 1}` }),
    },
    {
      family: 'LinearSVM',
      peerName: 'R e1071',
      fits: () => true,
      fitOurs: (data, seed) => linearSvmLearner.fit(data, { cost: settings.svmCost, ifw: false }, context(seed)),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'svm', task: task(data), ...levels(data), kernel: 'linear', cost: settings.svmCost }),
      labelAgreement: true,
    },
    {
      family: 'RadialSVM',
      peerName: 'R e1071',
      fits: () => true,
      fitOurs: (data, seed) => radialSvmLearner.fit(data, { cost: settings.svmCost, gamma: settings.svmGamma, ifw: false }, context(seed)),
      peerRuntime: 'R',
      peerArgs: (data) => ({ method: 'svm', task: task(data), ...levels(data), kernel: 'radial', cost: settings.svmCost, gamma: settings.svmGamma }),
      labelAgreement: true,
    },
  ];
}
