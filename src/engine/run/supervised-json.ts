/**
 * The library JSON of a supervised result: `Classification` / `Regression` for a single
 * model (rtemis-model §5.2), `ClassificationRes` / `RegressionRes` for an outer-resampled
 * run (§5.4). Keys are in rtemis's order; absent (null) members are left out.
 */
import type { EngineJsonObject } from '../contract.js';
import type { ExecutionConfig, TrainConfig } from '../config/types.js';
import type { ClassificationMetrics } from '../metrics/classification.js';
import { classificationMetricsJson } from '../metrics/classification.js';
import type { RegressionMetrics } from '../metrics/regression.js';
import { regressionMetricsJson } from '../metrics/regression.js';
import { classificationMetricsResJson, regressionMetricsResJson, summariseRows } from '../metrics/resampled.js';
import { preprocessorConfigJson } from '../preprocess/preprocessor.js';
import { resamplerDescription, resamplerJson } from '../resample/describe.js';
import { vec } from '../../protocol/json.js';
import { describeSupervised } from './description.js';
import type { FoldResult, SupervisedMetrics } from './fold-result.js';
import { hyperparametersJson } from './hyperparameters-json.js';
import type { RowResampling } from './resample-rows.js';
import { tunerConfigJson, tunerJson } from './tuner-json.js';
import { algorithmConfigJson } from './unsupervised-input.js';
import { varimpJson } from './varimp-table.js';

export type SupervisedType = 'Classification' | 'Regression';

export function singleModelJson(config: TrainConfig, type: SupervisedType, fold: FoldResult, seed: number, workers: number): EngineJsonObject {
  const tuned = fold.tuning !== null;
  return {
    '.class': type,
    algorithm: config.algorithm,
    type,
    question: config.question ?? undefined,
    description: describeSupervised({
      config,
      type,
      decomposition: fold.decomposition,
      tuned,
      training: fold.metricsTraining.overall,
      test: fold.metricsTest?.overall ?? null,
      resamplerDesc: null,
    }),
    xnames: vec(fold.xnames),
    n_features: fold.xnames.length,
    preprocessor: fold.preprocessor ?? undefined,
    decomposition: config.decomposition?.algorithm,
    hyperparameters: hyperparametersJson(config.algorithm, fold.hyperparameters, {
      dotTuned: tuned ? 1 : null,
      tuned: tuned ? 1 : -1,
      resampled: 0,
    }),
    tuner: fold.tuning === null ? undefined : tunerJson(config.algorithm, config.hyperparameters, config.tuner, fold.tuning),
    execution_config: executionConfigJson(config.execution, seed, workers),
    metrics_training: metricsJson(fold.metricsTraining),
    metrics_test: fold.metricsTest === null ? undefined : metricsJson(fold.metricsTest),
    varimp: fold.varimp === null ? undefined : varimpJson(fold.varimp),
    binclasspos: type === 'Classification' ? 2 : undefined,
  };
}

export function resampledJson(
  config: TrainConfig,
  type: SupervisedType,
  folds: FoldResult[],
  resampling: RowResampling,
  seed: number,
  workers: number,
): EngineJsonObject {
  const outer = config.outerResampling!;
  const resamplerDesc = resamplerDescription(outer, resampling.resamples.length);
  const metricsTraining = resampledMetricsJson(type, 'Training', folds.map((fold) => ({ name: fold.name!, metrics: fold.metricsTraining })));
  const metricsTest = resampledMetricsJson(type, 'Test', folds.map((fold) => ({ name: fold.name!, metrics: fold.metricsTest! })));
  const varimps = folds.filter((fold) => fold.varimp !== null);
  const xnames = folds[0]!.xnames;
  return {
    '.class': `${type}Res`,
    algorithm: config.algorithm,
    type,
    question: config.question ?? undefined,
    description: describeSupervised({
      config,
      type,
      decomposition: folds[0]!.decomposition,
      tuned: config.needsTuning,
      training: summariseRows(folds.map((fold) => fold.metricsTraining.overall)).mean,
      test: summariseRows(folds.map((fold) => fold.metricsTest!.overall)).mean,
      resamplerDesc,
    }),
    xnames: vec(xnames),
    n_features: xnames.length,
    n_resamples: folds.length,
    preprocessor_config: config.preprocessor === null ? undefined : preprocessorConfigJson(config.preprocessor),
    decomposition_config:
      config.decomposition === null
        ? undefined
        : algorithmConfigJson(config.decomposition.algorithm, config.decomposition.config, config.decomposition.features),
    hyperparameters: hyperparametersJson(config.algorithm, config.hyperparameters, {
      dotTuned: null,
      tuned: config.needsTuning ? 0 : -1,
      resampled: 1,
    }),
    tuner_config: config.needsTuning ? tunerConfigJson(config.tuner, config.supplied.tuner) : undefined,
    outer_resampler: resamplerJson(outer, resampling.resamples, resampling.stratNBins),
    resampler_desc: resamplerDesc,
    execution_config: executionConfigJson(config.execution, seed, workers),
    metrics_training: metricsTraining,
    metrics_test: metricsTest,
    varimp_per_resample:
      varimps.length === 0 ? undefined : Object.fromEntries(varimps.map((fold) => [fold.name!, varimpJson(fold.varimp!)])),
  };
}

export function metricsJson(metrics: SupervisedMetrics): EngineJsonObject {
  return 'confusion' in metrics ? classificationMetricsJson(metrics) : regressionMetricsJson(metrics);
}

function resampledMetricsJson(type: SupervisedType, sample: string, perFold: { name: string; metrics: SupervisedMetrics }[]): EngineJsonObject {
  return type === 'Classification'
    ? classificationMetricsResJson(sample, perFold as { name: string; metrics: ClassificationMetrics }[])
    : regressionMetricsResJson(sample, perFold as { name: string; metrics: RegressionMetrics }[]);
}

/** The resolved `ExecutionConfig`: the seed the run used and the workers it was given. */
export function executionConfigJson(execution: ExecutionConfig, seed: number, workers: number): EngineJsonObject {
  return {
    '.class': 'ExecutionConfig',
    backend: execution.backend,
    n_workers: workers,
    n_workers_outer: execution.n_workers_outer,
    n_workers_tuning: execution.n_workers_tuning,
    n_workers_algorithm: execution.n_workers_algorithm,
    warm_workers: execution.warm_workers,
    future_plan: execution.future_plan,
    on_error: execution.on_error,
    seed,
    shared_memory: execution.shared_memory,
  };
}
