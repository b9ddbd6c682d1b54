/**
 * Algorithm name → learner, for every implemented supervised algorithm. The run
 * orchestration resolves search spaces to one value per hyperparameter (the config's
 * `HyperparametersOf[A]`) and the entry turns that into the learner's own type.
 */
import type { HyperparametersOf, SupervisedAlgorithm } from './config/types.js';
import type { FitContext, FittedModel, Learner, TrainingData } from './learner.js';
import { glmLearner } from './linear/glm.js';
import { cartLearner } from './trees/cart.js';
import { lightcartLearner } from './trees/gbdt/lightcart.js';
import { lightgbmLearner } from './trees/gbdt/lightgbm.js';
import { lightrfLearner } from './trees/gbdt/lightrf.js';
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
  hyperparameters(values: Record<string, unknown>): unknown;
  /** False when the algorithm needs complete features (missing values must be imputed first). */
  handlesMissing: boolean;
  /**
   * Set for algorithms that tune their number of rounds when none is fixed (rtemis-model
   * §1.3 "tune-on-null"): inner fits stop early and the averaged best round is refitted.
   */
  earlyStopping: EarlyStoppingFit | null;
}

function entry<A extends SupervisedAlgorithm, H>(
  learner: Learner<H>,
  hyperparameters: (values: HyperparametersOf[A]) => H,
  handlesMissing: boolean,
  earlyStopping: EarlyStoppingFit | null = null,
): AlgorithmEntry {
  return {
    learner: learner as Learner<unknown>,
    hyperparameters: hyperparameters as unknown as (values: Record<string, unknown>) => unknown,
    handlesMissing,
    earlyStopping,
  };
}

type CegbPenalty = null | number[] | number[][];

/** The config allows one penalty vector per tree (a nested list); the LightGBM learners take one vector. */
function cegbVector(name: string, value: CegbPenalty): number[] | null {
  if (value === null) return null;
  if (value.some(Array.isArray)) throw new Error(`${name} as one vector per tree is not supported; give one vector.`);
  return value as number[];
}

/** LightGBM-family config values → the learners' types (identical except the CEGB penalties). */
function lightValues<T extends { cegb_penalty_feature_lazy: CegbPenalty; cegb_penalty_feature_coupled: CegbPenalty }>(values: T) {
  return {
    ...values,
    cegb_penalty_feature_lazy: cegbVector('cegb_penalty_feature_lazy', values.cegb_penalty_feature_lazy),
    cegb_penalty_feature_coupled: cegbVector('cegb_penalty_feature_coupled', values.cegb_penalty_feature_coupled),
  };
}

const REGISTRY: { [A in SupervisedAlgorithm]: AlgorithmEntry } = {
  GLM: entry<'GLM', Parameters<typeof glmLearner.fit>[1]>(glmLearner, (values) => values, false),
  CART: entry<'CART', Parameters<typeof cartLearner.fit>[1]>(cartLearner, (values) => values, true),
  Ranger: entry<'Ranger', Parameters<typeof rangerLearner.fit>[1]>(rangerLearner, (values) => values, true),
  LightGBM: entry<'LightGBM', Parameters<typeof lightgbmLearner.fit>[1]>(lightgbmLearner, lightValues, true, async (data, validation, values, context) => {
    const model = await lightgbmLearner.fitWithValidation(data, validation, lightValues(values as unknown as HyperparametersOf['LightGBM']), context);
    return { model, bestIteration: model.bestIteration };
  }),
  LightRF: entry<'LightRF', Parameters<typeof lightrfLearner.fit>[1]>(lightrfLearner, lightValues, true),
  LightCART: entry<'LightCART', Parameters<typeof lightcartLearner.fit>[1]>(lightcartLearner, lightValues, true),
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
  const found = algorithmEntry(algorithm);
  return found.learner.fit(data, found.hyperparameters(values), context);
}
