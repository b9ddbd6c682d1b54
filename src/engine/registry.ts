/**
 * Algorithm name → learner, for every implemented supervised algorithm. The run
 * orchestration resolves search spaces to one value per hyperparameter (the config's
 * `HyperparametersOf[A]`), which is what the learner takes.
 */
import type { HyperparametersOf, SupervisedAlgorithm } from './config/types.js';
import type { FitContext, FittedModel, Learner, SelfParallelLearner, TrainingData } from './learner.js';
import { glmLearner } from './linear/glm.js';
import { cartLearner } from './trees/cart.js';
import { lightcartLearner } from './trees/gbdt/lightcart.js';
import { lightgbmLearner, type LightGBMFitHyperparameters } from './trees/gbdt/lightgbm.js';
import { lightrfLearner, lightrfParallel } from './trees/gbdt/lightrf.js';
import { rangerLearner, rangerParallel } from './trees/ranger.js';

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
  options: { earlyStopping?: EarlyStoppingFit; selfParallel?: SelfParallelLearner<HyperparametersOf[A]>; workBytesPerValue?: number } = {},
): AlgorithmEntry {
  return {
    learner: learner as Learner<unknown>,
    handlesMissing,
    earlyStopping: options.earlyStopping ?? null,
    selfParallel: (options.selfParallel as SelfParallelLearner<unknown> | undefined) ?? null,
    workBytesPerValue: options.workBytesPerValue ?? DEFAULT_WORK_BYTES_PER_VALUE,
  };
}

const REGISTRY: { [A in SupervisedAlgorithm]: AlgorithmEntry } = {
  GLM: entry<'GLM'>(glmLearner, false, { workBytesPerValue: 24 }),
  // Exact trees: per value a rank code, a presorted order, a segment slot and a local code.
  CART: entry<'CART'>(cartLearner, true, { workBytesPerValue: 24 }),
  Ranger: entry<'Ranger'>(rangerLearner, true, { selfParallel: rangerParallel, workBytesPerValue: 24 }),
  // Histogram trees: a bin code per value.
  LightGBM: entry<'LightGBM'>(lightgbmLearner, true, {
    workBytesPerValue: 4,
    earlyStopping: async (data, validation, values, context) => {
      const model = await lightgbmLearner.fitWithValidation(data, validation, values as unknown as LightGBMFitHyperparameters, context);
      return { model, bestIteration: model.bestIteration };
    },
  }),
  LightRF: entry<'LightRF'>(lightrfLearner, true, { selfParallel: lightrfParallel, workBytesPerValue: 4 }),
  LightCART: entry<'LightCART'>(lightcartLearner, true, { workBytesPerValue: 4 }),
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
