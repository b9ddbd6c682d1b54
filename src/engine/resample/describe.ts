/**
 * How a resampler is described and serialised in results (rtemis-model §3.1, §5.4):
 * the `resampler_desc` sentence and the `outer_resampler` object.
 */
import type { EngineJsonObject } from '../contract.js';
import { vec } from '../../protocol/json.js';
import type { ResamplerConfig } from '../config/types.js';
import type { Resample } from './resample.js';

/** e.g. "3 independent folds"; `nResamples` is the number made (LOOCV: one per case). */
export function resamplerDescription(config: ResamplerConfig, nResamples: number): string {
  switch (config.type) {
    case 'KFold':
      return `${nResamples} independent folds`;
    case 'StratSub':
      return `${nResamples} stratified subsamples`;
    case 'StratBoot':
      return `${nResamples} stratified bootstraps`;
    case 'Bootstrap':
      return `${nResamples} bootstrap resamples`;
    case 'LOOCV':
      return `${nResamples} leave-one-out folds`;
  }
}

/**
 * The `<Type>Config` object, keys in rtemis's property order. `stratNBins` is the bin
 * count the stratified subsamplers actually used (rtemis writes it back for StratSub and
 * StratBoot only).
 */
export function resamplerConfigJson(config: ResamplerConfig, nResamples: number, stratNBins: number | null = null): EngineJsonObject {
  switch (config.type) {
    case 'KFold':
      return {
        '.class': 'KFoldConfig',
        type: config.type,
        n_resamples: config.n_resamples,
        stratify_var: config.stratify_var,
        strat_n_bins: config.strat_n_bins,
        id_strat: config.id_strat,
        seed: config.seed,
      };
    case 'StratSub':
      return {
        '.class': 'StratSubConfig',
        type: config.type,
        n_resamples: config.n_resamples,
        train_p: config.train_p,
        stratify_var: config.stratify_var,
        strat_n_bins: stratNBins ?? config.strat_n_bins,
        id_strat: config.id_strat,
        seed: config.seed,
      };
    case 'StratBoot':
      return {
        '.class': 'StratBootConfig',
        type: config.type,
        n_resamples: config.n_resamples,
        stratify_var: config.stratify_var,
        train_p: config.train_p,
        strat_n_bins: stratNBins ?? config.strat_n_bins,
        target_length: config.target_length,
        id_strat: config.id_strat,
        seed: config.seed,
      };
    case 'Bootstrap':
      return {
        '.class': 'BootstrapConfig',
        type: config.type,
        n_resamples: config.n_resamples,
        id_strat: config.id_strat,
        seed: config.seed,
      };
    case 'LOOCV':
      return { '.class': 'LOOCVConfig', type: config.type, n_resamples: nResamples };
  }
}

/** The `outer_resampler` object: training indices 1-based, per resample name. */
/**
 * Fold index lists stay in the result JSON up to this many indices in all (about 350 kB of
 * JSON); beyond that they would crowd the summary towards the 1 MiB header limit, so the
 * JSON points to the `resamples` slice instead, as `varimp_per_resample` points to `varimp`.
 */
export const MAX_INLINE_RESAMPLE_INDICES = 50_000;

export function resamplerJson(config: ResamplerConfig, resamples: Resample[], stratNBins: number | null = null): EngineJsonObject {
  const count = resamples.reduce((sum, resample) => sum + resample.train.length, 0);
  let indices: EngineJsonObject = { available: true, fetch_via: 'resamples' };
  if (count <= MAX_INLINE_RESAMPLE_INDICES) {
    indices = {};
    for (const resample of resamples) indices[resample.name] = vec(Array.from(resample.train, (row) => row + 1));
  }
  return {
    '.class': 'Resampler',
    type: config.type,
    resamples: indices,
    config: resamplerConfigJson(config, resamples.length, stratNBins),
  };
}
