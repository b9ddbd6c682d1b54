/**
 * LightGBM: histogram gradient boosting with leaf-wise trees. The number of rounds is
 * `force_nrounds`, else the resolved `nrounds` (set by the tuner), else up to `max_nrounds`
 * with early stopping after `early_stopping_rounds` rounds without improvement on a
 * validation set when one is given (`fitWithValidation`, used by the tuner's inner
 * resamples; the model then reports `bestIteration`).
 */
import { defaultHyperparameters } from '../../catalog/defaults.js';
import type { LightGBMHyperparameters } from '../../config/types.js';
import type { FitContext, Learner, TrainingData } from '../../learner.js';
import { rejectUnsupported } from '../unsupported.js';
import { trainBooster, type GbdtModel } from './booster.js';
import { checkShared, sharedSettings, UNSUPPORTED_BAGGING } from './common.js';

/**
 * The describe arguments plus the resolved number of rounds (rtemis state, not in `describe`):
 * set by the tuner to the averaged best iteration for the refit. Null/absent ⇒ `max_nrounds`
 * with early stopping when a validation set is given.
 */
export type LightGBMFitHyperparameters = LightGBMHyperparameters & { nrounds?: number | null };

export const lightgbmDefaults = defaultHyperparameters('LightGBM');

export async function fitLightgbm(
  data: TrainingData,
  hp: LightGBMFitHyperparameters,
  context: FitContext,
  validation: TrainingData | null = null,
): Promise<GbdtModel> {
  checkShared('LightGBM', hp, lightgbmDefaults);
  rejectUnsupported('LightGBM', hp, lightgbmDefaults, [...UNSUPPORTED_BAGGING, 'data_sample_strategy']);
  if (hp.boosting === 'dart') throw new Error("LightGBM: boosting 'dart' is not supported");
  const fixed = hp.force_nrounds ?? hp.nrounds ?? null;
  return trainBooster(
    data,
    {
      ...sharedSettings('LightGBM', hp, data),
      boosting: hp.boosting === 'rf' ? 'rf' : 'gbdt',
      nrounds: fixed ?? hp.max_nrounds,
      earlyStoppingRounds: fixed === null ? hp.early_stopping_rounds : null,
      earlyStoppingMinDelta: hp.early_stopping_min_delta,
      learningRate: hp.learning_rate,
      featureFraction: hp.feature_fraction,
      baggingFraction: hp.bagging_fraction,
      baggingFreq: hp.bagging_freq,
    },
    context,
    validation,
  );
}

export const lightgbmLearner: Learner<LightGBMFitHyperparameters> & {
  /** Fits with early stopping on `validation` (when nrounds is not fixed); see `GbdtModel.bestIteration`. */
  fitWithValidation(
    data: TrainingData,
    validation: TrainingData,
    hyperparameters: LightGBMFitHyperparameters,
    context: FitContext,
  ): Promise<GbdtModel>;
} = {
  name: 'LightGBM',
  fit: (data, hp, context) => fitLightgbm(data, hp, context),
  fitWithValidation: (data, validation, hp, context) => fitLightgbm(data, hp, context, validation),
};
