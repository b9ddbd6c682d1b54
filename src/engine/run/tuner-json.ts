/**
 * The tuner objects of a result (rtemis-model §3.2, §5.5): `tuner_config`
 * (`GridSearchConfig`, resolved metric and direction) and, on a tuned single model,
 * `tuner` with the grid, per-combination metrics and the winners.
 */
import type { EngineJsonObject } from '../contract.js';
import type { SupervisedAlgorithm, TunerConfig } from '../config/types.js';
import { resamplerConfigJson } from '../resample/describe.js';
import type { TuningOutcome } from './fold-result.js';
import type { HyperparameterValues } from './grid.js';
import { hyperparametersJson, valueJson } from './hyperparameters-json.js';

/**
 * `supplied` (the tuner keys the user gave): the config as given, as a resampled result shows
 * it — `metric` / `maximize` null unless given; without it, resolved as a tuner object shows it.
 */
export function tunerConfigJson(tuner: TunerConfig, supplied: string[] | null = null): EngineJsonObject {
  const nInner = tuner.resampler.type === 'LOOCV' ? 0 : tuner.resampler.n_resamples;
  const given = (key: string) => supplied === null || supplied.includes(key);
  const config: EngineJsonObject = {
    resampler_config: resamplerConfigJson(tuner.resampler, nInner),
    search_type: tuner.search_type,
    randomize_p: tuner.randomize_p,
    metrics_aggregate_fn: tuner.metrics_aggregate_fn,
    metric: given('metric') ? tuner.metric : null,
    maximize: given('maximize') ? tuner.maximize : null,
  };
  return { '.class': 'GridSearchConfig', type: 'GridSearch', config: { ...config }, ...config };
}

export function tunerJson(
  algorithm: SupervisedAlgorithm,
  searchSpace: HyperparameterValues,
  tuner: TunerConfig,
  outcome: TuningOutcome,
): EngineJsonObject {
  const best: EngineJsonObject = {};
  for (const [name, value] of Object.entries(outcome.best)) best[name] = valueJson(value);
  return {
    '.class': 'GridSearch',
    type: 'GridSearch',
    hyperparameters: hyperparametersJson(algorithm, searchSpace, { dotTuned: null, tuned: 0, resampled: 0 }),
    tuner_config: tunerConfigJson(tuner),
    tuning_results: {
      param_grid: outcome.paramGrid,
      training: outcome.training,
      validation: outcome.validation,
    },
    best_hyperparameters: best,
    best_variant: null,
  };
}
