/**
 * LightRF: LightGBM's random-forest mode (`boosting = "rf"`, learning rate 1, bagging every
 * round, no early stopping). `feature_fraction` null ⇒ √p/p for classification, 0.33 for
 * regression, resolved from the data as rtemis does.
 */
import { defaultHyperparameters } from '../../catalog/defaults.js';
import type { LightRFHyperparameters } from '../../config/types.js';
import type { FitContext, Learner, TrainingData } from '../../learner.js';
import { rejectUnsupported } from '../unsupported.js';
import { trainBooster, type GbdtModel } from './booster.js';
import { checkShared, sharedSettings, UNSUPPORTED_BAGGING } from './common.js';

export const lightrfDefaults = defaultHyperparameters('LightRF');

export async function fitLightrf(data: TrainingData, hp: LightRFHyperparameters, context: FitContext): Promise<GbdtModel> {
  checkShared('LightRF', hp, lightrfDefaults);
  rejectUnsupported('LightRF', hp, lightrfDefaults, UNSUPPORTED_BAGGING);
  const p = data.x.length;
  const featureFraction = hp.feature_fraction ?? (data.classes !== null ? Math.sqrt(p) / p : 0.33);
  return trainBooster(
    data,
    {
      ...sharedSettings('LightRF', hp, data),
      boosting: 'rf',
      nrounds: hp.nrounds,
      earlyStoppingRounds: null,
      earlyStoppingMinDelta: hp.early_stopping_min_delta,
      learningRate: 1,
      featureFraction,
      baggingFraction: hp.bagging_fraction,
      baggingFreq: 1,
    },
    context,
    null,
  );
}

export const lightrfLearner: Learner<LightRFHyperparameters> = { name: 'LightRF', fit: fitLightrf };
