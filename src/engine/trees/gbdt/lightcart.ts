/**
 * LightCART: a single LightGBM tree (one boosting round, learning rate 1, no bagging): the
 * leaves hold the Newton step from the initial score (the leaf mean for regression).
 */
import { defaultHyperparameters } from '../../catalog/defaults.js';
import type { LightCARTHyperparameters } from '../../config/types.js';
import type { FitContext, Learner, TrainingData } from '../../learner.js';
import { trainBooster, type GbdtModel } from './booster.js';
import { checkShared, sharedSettings } from './common.js';

export const lightcartDefaults = defaultHyperparameters('LightCART');

export async function fitLightcart(data: TrainingData, hp: LightCARTHyperparameters, context: FitContext): Promise<GbdtModel> {
  checkShared('LightCART', hp, lightcartDefaults);
  return trainBooster(
    data,
    {
      ...sharedSettings('LightCART', hp, data),
      boosting: 'gbdt',
      nrounds: 1,
      earlyStoppingRounds: null,
      earlyStoppingMinDelta: 0,
      learningRate: 1,
      featureFraction: hp.feature_fraction,
      baggingFraction: 1,
      baggingFreq: 0,
    },
    context,
    null,
  );
}

export const lightcartLearner: Learner<LightCARTHyperparameters> = { name: 'LightCART', fit: fitLightcart };
