/**
 * Maps the LightGBM-family hyperparameters (shared names) to booster settings, and lists the
 * ones this engine does not implement (rejected unless at their default). Backend machinery —
 * threads, devices, seeds (randomness comes from the fit's seeded generator), histogram layout
 * and pool options — is accepted without effect.
 */
import type { LightCARTHyperparameters } from '../../config/types.js';
import type { TrainingData } from '../../learner.js';
import { rejectUnsupported } from '../unsupported.js';
import { resolveObjective, type BoosterSettings } from './booster.js';

/** Parameters every family member shares (LightCART's set is the common core). */
type Shared = Omit<LightCARTHyperparameters, 'ifw' | 'feature_fraction'>;

export const UNSUPPORTED_SHARED = [
  'linear_tree',
  'feature_fraction_bynode',
  'cegb_penalty_split',
  'cegb_penalty_feature_lazy',
  'cegb_penalty_feature_coupled',
  'use_quantized_grad',
  'monotone_constraints',
  'interaction_constraints',
  'feature_contri',
  'path_smooth',
  'extra_trees',
  'use_missing',
  'zero_as_missing',
  'reg_sqrt',
] as const;

export const UNSUPPORTED_BAGGING = ['pos_bagging_fraction', 'neg_bagging_fraction'] as const;

export function checkShared(algorithm: string, hp: Shared, defaults: Shared): void {
  rejectUnsupported(algorithm, hp, defaults, UNSUPPORTED_SHARED);
}

export function sharedSettings(
  algorithm: string,
  hp: Shared,
  data: TrainingData,
): Omit<BoosterSettings, 'boosting' | 'nrounds' | 'earlyStoppingRounds' | 'earlyStoppingMinDelta' | 'learningRate' | 'featureFraction' | 'baggingFraction' | 'baggingFreq'> {
  return {
    objective: resolveObjective(algorithm, hp.objective, data),
    numLeaves: hp.num_leaves,
    maxDepth: hp.max_depth,
    minDataInLeaf: hp.min_data_in_leaf,
    minSumHessianInLeaf: hp.min_sum_hessian_in_leaf,
    minGainToSplit: hp.min_gain_to_split,
    lambdaL1: hp.lambda_l1,
    lambdaL2: hp.lambda_l2,
    maxDeltaStep: hp.max_delta_step,
    catL2: hp.cat_l2,
    catSmooth: hp.cat_smooth,
    maxCatToOnehot: hp.max_cat_to_onehot,
    maxCatThreshold: hp.max_cat_threshold,
    minDataPerGroup: hp.min_data_per_group,
    maxBin: hp.max_bin,
    minDataInBin: hp.min_data_in_bin,
    sigmoid: hp.sigmoid ?? 1,
    boostFromAverage: hp.boost_from_average ?? true,
  };
}
