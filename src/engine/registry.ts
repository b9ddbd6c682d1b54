/**
 * Algorithm name → learner, for every implemented supervised algorithm. The run
 * orchestration resolves search spaces to one value per hyperparameter (the config's
 * `HyperparametersOf[A]`), which is what the learner takes.
 */
import { tunesOnNull } from './catalog/tune-on-null.js';
import type { HyperparametersOf, SupervisedAlgorithm, Value } from './config/types.js';
import type { FitContext, FittedModel, Learner, SelfParallelLearner, TrainingData } from './learner.js';
import { knnLearner } from './knn/knn.js';
import { glmLearner } from './linear/glm.js';
import { glmnetLearner } from './linear/glmnet/glmnet.js';
import { isotonicLearner } from './linear/isotonic-learner.js';
import { nnlsLearner } from './linear/nnls-learner.js';
import { createSuperLearner } from './meta/super-learner.js';
import { cartLearner } from './trees/cart.js';
import { lightcartLearner } from './trees/gbdt/lightcart.js';
import { lightgbmLearner, type LightGBMFitHyperparameters } from './trees/gbdt/lightgbm.js';
import { lightrfLearner, lightrfParallel } from './trees/gbdt/lightrf.js';
import { linearSvmLearner, radialSvmLearner } from './svm/svm-learner.js';
import { rangerLearner, rangerParallel } from './trees/ranger.js';

/**
 * rtemis-model §1.3 "tune-on-null" (catalog/tune-on-null.ts): how the grid cells of an
 * algorithm resolve the value its config leaves null, how the tuner combines the cells'
 * values into the one it refits with, and the run-state fields rtemis reports for it.
 */
export interface TuneOnNull {
  /** The hyperparameter the combined value is written to (grid, winners, refit). */
  resolves: string;
  /** A grid-cell fit: the model (scored on `validation`) and the value it resolved, if any. */
  fit(
    data: TrainingData,
    validation: TrainingData,
    values: Record<string, unknown>,
    context: FitContext,
  ): Promise<{ model: FittedModel; resolved: number | null }>;
  /** The refit value from the inner resamples' values, with the tuner's aggregate (mean or median). */
  combine(resolved: number[], aggregate: (values: number[]) => number): Value;
  /** rtemis's state fields (`prop_state`) with their origins, given the refit value (null when none). */
  state(resolved: Value | null): { values: Record<string, Value>; origins: Record<string, string> };
}

export interface AlgorithmEntry {
  learner: Learner<unknown>;
  /** False when the algorithm needs complete features (missing values must be imputed first). */
  handlesMissing: boolean;
  tuneOnNull: TuneOnNull | null;
  /** Set for learners whose fit splits into parts that run on several workers (forests). */
  selfParallel: SelfParallelLearner<unknown> | null;
  /**
   * Working memory of one fit per training value (rows × features), in bytes, beyond the
   * training data itself: what the job's memory estimate charges each worker for it.
   */
  workBytesPerValue: number;
}

/** A learner's working memory per training value when it does not say (a copy or two of the data). */
const DEFAULT_WORK_BYTES_PER_VALUE = 16;

/** Ties each learner to its algorithm's config hyperparameters, which it takes as they are. */
function entry<A extends SupervisedAlgorithm>(
  learner: Learner<HyperparametersOf[A]>,
  handlesMissing: boolean,
  options: { tuneOnNull?: TuneOnNull; selfParallel?: SelfParallelLearner<HyperparametersOf[A]>; workBytesPerValue?: number } = {},
): AlgorithmEntry {
  return {
    learner: learner as Learner<unknown>,
    handlesMissing,
    tuneOnNull: options.tuneOnNull ?? null,
    selfParallel: (options.selfParallel as SelfParallelLearner<unknown> | undefined) ?? null,
    workBytesPerValue: options.workBytesPerValue ?? DEFAULT_WORK_BYTES_PER_VALUE,
  };
}

/** LightGBM without `force_nrounds`: early stopping on the validation rows; the mean best round, rounded. */
const LIGHTGBM_ROUNDS: TuneOnNull = {
  resolves: 'nrounds',
  async fit(data, validation, values, context) {
    const model = await lightgbmLearner.fitWithValidation(data, validation, values as unknown as LightGBMFitHyperparameters, context);
    return { model, resolved: model.bestIteration };
  },
  combine: (rounds, aggregate) => Math.max(1, Math.round(aggregate(rounds))),
  state: (rounds) => ({
    values: { nrounds: rounds, best_iter: rounds },
    origins: { nrounds: rounds === null ? 'unset' : 'tuned', best_iter: rounds === null ? 'unset' : 'derived' },
  }),
};

/** GLMNET without `lambda`: cv.glmnet in each cell picks `which_lambda_cv`; the refit uses their mean. */
const GLMNET_LAMBDA: TuneOnNull = {
  resolves: 'lambda',
  async fit(data, _validation, values, context) {
    const model = await glmnetLearner.fit(data, values as unknown as HyperparametersOf['GLMNET'], context);
    return { model, resolved: model.lambda };
  },
  combine: (lambdas, aggregate) => [aggregate(lambdas)],
  // rtemis writes lambda.min / lambda.1se only into the grid cells' own hyperparameters.
  state: () => ({ values: { 'lambda.min': null, 'lambda.1se': null }, origins: { 'lambda.min': 'unset', 'lambda.1se': 'unset' } }),
};

const REGISTRY: { [A in SupervisedAlgorithm]: AlgorithmEntry } = {
  GLM: entry<'GLM'>(glmLearner, false, { workBytesPerValue: 24 }),
  GLMNET: entry<'GLMNET'>(glmnetLearner, false, { tuneOnNull: GLMNET_LAMBDA, workBytesPerValue: 24 }),
  // Exact trees. CART: per value a sorted-list entry (case and value), and its weight when weighted.
  CART: entry<'CART'>(cartLearner, true, { workBytesPerValue: 20 }),
  // Ranger: per value a rank code, a presorted order, a segment slot and a local code.
  Ranger: entry<'Ranger'>(rangerLearner, true, { selfParallel: rangerParallel, workBytesPerValue: 24 }),
  // Histogram trees: a bin code per value.
  LightGBM: entry<'LightGBM'>(lightgbmLearner, true, { tuneOnNull: LIGHTGBM_ROUNDS, workBytesPerValue: 4 }),
  LightRF: entry<'LightRF'>(lightrfLearner, true, { selfParallel: lightrfParallel, workBytesPerValue: 4 }),
  LightCART: entry<'LightCART'>(lightcartLearner, true, { workBytesPerValue: 4 }),
  KNN: entry<'KNN'>(knnLearner, false),
  Isotonic: entry<'Isotonic'>(isotonicLearner, false),
  NNLS: entry<'NNLS'>(nnlsLearner, false),
  LinearSVM: entry<'LinearSVM'>(linearSvmLearner, false),
  RadialSVM: entry<'RadialSVM'>(radialSvmLearner, false),
  // Its library is fitted through this registry, so any implemented algorithm can be a base learner.
  SuperLearner: entry<'SuperLearner'>(
    createSuperLearner({
      fit: fitAlgorithm,
      resolverFor: (algorithm, values) => (tunesOnNull(algorithm, values) ? algorithmEntry(algorithm).tuneOnNull : null),
    }),
    true,
  ),
};

export function algorithmEntry(algorithm: SupervisedAlgorithm): AlgorithmEntry {
  const found = REGISTRY[algorithm] as AlgorithmEntry | undefined;
  if (found === undefined) throw new Error(`Algorithm ${algorithm} is not available in this engine.`);
  return found;
}

/** Fits `algorithm` with fully resolved hyperparameters (no search spaces left). */
export function fitAlgorithm(
  algorithm: SupervisedAlgorithm,
  data: TrainingData,
  values: Record<string, unknown>,
  context: FitContext,
): Promise<FittedModel> {
  return algorithmEntry(algorithm).learner.fit(data, values, context);
}
