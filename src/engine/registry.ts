/**
 * Algorithm name → learner, for every implemented supervised algorithm. The run
 * orchestration resolves search spaces to one value per hyperparameter (the config's
 * `HyperparametersOf[A]`), which is what the learner takes.
 */
import type { HyperparametersOf, SupervisedAlgorithm } from './config/types.js';
import type { FitContext, FittedModel, Learner, TrainingData } from './learner.js';
import { glmLearner } from './linear/glm.js';
import { cartLearner } from './trees/cart.js';
import { lightcartLearner } from './trees/gbdt/lightcart.js';
import { lightgbmLearner, type LightGBMFitHyperparameters } from './trees/gbdt/lightgbm.js';
import { lightrfLearner } from './trees/gbdt/lightrf.js';
import { linearSvmLearner, radialSvmLearner } from './svm/svm-learner.js';
import { rangerLearner } from './trees/ranger.js';

/** A fit that stops early on a validation set and reports the round it chose. */
export type EarlyStoppingFit = (
  data: TrainingData,
  validation: TrainingData,
  values: Record<string, unknown>,
  context: FitContext,
) => Promise<{ model: FittedModel; bestIteration: number | null }>;

export interface AlgorithmEntry {
  learner: Learner<unknown>;
  /** False when the algorithm needs complete features (missing values must be imputed first). */
  handlesMissing: boolean;
  /**
   * Set for algorithms that tune their number of rounds when none is fixed (rtemis-model
   * §1.3 "tune-on-null"): inner fits stop early and the averaged best round is refitted.
   */
  earlyStopping: EarlyStoppingFit | null;
}

/** Ties each learner to its algorithm's config hyperparameters, which it takes as they are. */
function entry<A extends SupervisedAlgorithm>(
  learner: Learner<HyperparametersOf[A]>,
  handlesMissing: boolean,
  earlyStopping: EarlyStoppingFit | null = null,
): AlgorithmEntry {
  return { learner: learner as Learner<unknown>, handlesMissing, earlyStopping };
}

const REGISTRY: { [A in SupervisedAlgorithm]: AlgorithmEntry } = {
  GLM: entry<'GLM'>(glmLearner, false),
  CART: entry<'CART'>(cartLearner, true),
  Ranger: entry<'Ranger'>(rangerLearner, true),
  LightGBM: entry<'LightGBM'>(lightgbmLearner, true, async (data, validation, values, context) => {
    const model = await lightgbmLearner.fitWithValidation(data, validation, values as unknown as LightGBMFitHyperparameters, context);
    return { model, bestIteration: model.bestIteration };
  }),
  LightRF: entry<'LightRF'>(lightrfLearner, true),
  LightCART: entry<'LightCART'>(lightcartLearner, true),
  LinearSVM: entry<'LinearSVM'>(linearSvmLearner, false),
  RadialSVM: entry<'RadialSVM'>(radialSvmLearner, false),
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
