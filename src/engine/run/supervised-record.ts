/**
 * The run record of a `train` job (rtemis-model §5.8, protocol §6.8.3): every config
 * block with an `origin` map per field (user / default / derived / tuned / unset), one
 * `folds` entry per fitted model (a single model is one fold), headline metrics, and
 * provenance. Valid against https://schema.rtemis.org/supervised/v1/record.json; unset
 * fields are explicit nulls.
 */
import type { EngineJson, EngineJsonObject } from '../contract.js';
import type { ResamplerConfig, TrainConfig, Value } from '../config/types.js';
import { summariseRows } from '../metrics/resampled.js';
import { algorithmEntry } from '../registry.js';
import { dataFingerprint, provenance } from './fingerprint.js';
import type { FoldResult, SupervisedMetrics } from './fold-result.js';
import { recordValue } from './hyperparameters-json.js';
import type { RunContext } from './run-context.js';
import { metricsJson } from './supervised-json.js';

export const SUPERVISED_RECORD_SCHEMA = 'https://schema.rtemis.org/supervised/v1/record.json';

export interface SupervisedRecordInput {
  ctx: RunContext;
  folds: FoldResult[];
  /** The seed the run used (execution_config.seed or the default). */
  seed: number;
  /** SHA-256 of the uploaded Arrow bytes. */
  dataHash: string;
  started: Date;
  finished: Date;
}

export function supervisedRecord(input: SupervisedRecordInput): EngineJsonObject {
  const { ctx, folds } = input;
  const config = ctx.config;
  const supplied = config.supplied;
  const top = (key: string) => origin(supplied.top, key);
  const resampled = config.outerResampling !== null;
  const training = folds.map((fold) => fold.metricsTraining.overall);
  const test = folds.flatMap((fold) => (fold.metricsTest === null ? [] : [fold.metricsTest.overall]));

  return {
    $schema: SUPERVISED_RECORD_SCHEMA,
    dat_training_path: null,
    dat_validation_path: null,
    dat_test_path: null,
    weights: config.weights,
    positive_class: config.positiveClass,
    question: config.question,
    outdir: null,
    verbosity: config.verbosity,
    preprocessor_config: preprocessorRecord(config),
    decomposition_config: config.decomposition === null ? null : decompositionRecord(config),
    hyperparameters: {
      algorithm: config.algorithm,
      hyperparameters: withState(config, withOrigin(config.hyperparameters, supplied.hyperparameters), null),
    },
    tuner_config: config.needsTuning
      ? {
          type: 'GridSearch',
          config: {
            resampler_config: resamplerRecord(config.tuner.resampler, supplied.tunerResampler),
            search_type: config.tuner.search_type,
            randomize_p: config.tuner.randomize_p,
            metrics_aggregate_fn: config.tuner.metrics_aggregate_fn,
            // As given: null means "set from the outcome type" (the resolved values are in the result).
            metric: supplied.tuner.includes('metric') ? config.tuner.metric : null,
            maximize: supplied.tuner.includes('maximize') ? config.tuner.maximize : null,
            origin: Object.fromEntries(
              ['search_type', 'randomize_p', 'metrics_aggregate_fn', 'metric', 'maximize'].map((key) => [key, origin(supplied.tuner, key)]),
            ),
          },
        }
      : null,
    outer_resampling_config: config.outerResampling === null ? null : resamplerRecord(config.outerResampling, supplied.outerResampling),
    execution_config: withOrigin({ ...config.execution, seed: input.seed, n_workers: ctx.workers }, supplied.execution),
    origin: {
      dat_training_path: 'default',
      dat_validation_path: 'default',
      dat_test_path: 'default',
      weights: top('weights'),
      positive_class: top('positive_class'),
      question: top('question'),
      outdir: 'default',
      verbosity: top('verbosity'),
    },
    folds: folds.map((fold) => foldRecord(config, fold)),
    metrics: {
      training: resampled ? summariseRows(training).mean : (training[0] ?? null),
      validation: null,
      test: test.length === 0 ? null : resampled ? summariseRows(test).mean : test[0]!,
    },
    metrics_sd: {
      training: resampled ? summariseRows(training).sd : null,
      validation: null,
      test: resampled && test.length > 0 ? summariseRows(test).sd : null,
    },
    provenance: provenance(input.started, input.finished, dataFingerprint(input.dataHash, ctx.dataset)),
  };
}

function foldRecord(config: TrainConfig, fold: FoldResult): EngineJsonObject {
  const tunedNames = fold.tuning?.names ?? [];
  const values = withOrigin(fold.hyperparameters, config.supplied.hyperparameters);
  const origins = values.origin as Record<string, string>;
  for (const name of tunedNames) origins[name] = 'tuned';
  for (const name of fold.derived) origins[name] = 'derived';
  const resolves = algorithmEntry(config.algorithm).tuneOnNull?.resolves;
  withState(config, values, resolves !== undefined && tunedNames.includes(resolves) ? (fold.hyperparameters[resolves] ?? null) : null);
  return {
    index: fold.index,
    preprocessor_config: config.preprocessor === null ? undefined : preprocessorRecord(config),
    decomposition_config: config.decomposition === null ? undefined : decompositionRecord(config),
    hyperparameters: { algorithm: config.algorithm, hyperparameters: values },
    tuning:
      fold.tuning === null
        ? undefined
        : {
            param_grid: fold.tuning.paramGrid,
            training: fold.tuning.training,
            validation: fold.tuning.validation,
            // One value per winner, as jsonlite unboxes R's length-1 vectors (GLMNET's lambda).
            best: Object.fromEntries(
              Object.entries(fold.tuning.best).map(([name, value]) => [name, recordValue(Array.isArray(value) && value.length === 1 ? value[0] : value)]),
            ),
          },
    metrics: {
      training: bareMetrics(fold.metricsTraining),
      validation: null,
      test: fold.metricsTest === null ? null : bareMetrics(fold.metricsTest),
    },
  };
}

/**
 * Tune-on-null algorithms carry rtemis's state fields after their hyperparameters (LightGBM
 * `nrounds` / `best_iter`, GLMNET `lambda.min` / `lambda.1se`; registry `tuneOnNull.state`),
 * given the value the refit used (null when none was tuned).
 */
function withState(config: TrainConfig, values: EngineJsonObject, resolved: Value | null): EngineJsonObject {
  const tuneOnNull = algorithmEntry(config.algorithm).tuneOnNull;
  if (tuneOnNull === null) return values;
  const state = tuneOnNull.state(resolved);
  const origins = values.origin as Record<string, string>;
  delete values.origin;
  Object.assign(values, state.values);
  values.origin = { ...origins, ...state.origins };
  return values;
}

function decompositionRecord(config: TrainConfig): EngineJsonObject {
  const decomposition = config.decomposition!;
  return {
    algorithm: decomposition.algorithm,
    config: withOrigin(decomposition.config as unknown as Record<string, unknown>, config.supplied.decomposition),
    features: decomposition.features,
  };
}

function preprocessorRecord(config: TrainConfig): EngineJsonObject | null {
  if (config.preprocessor === null) return null;
  return withOrigin(config.preprocessor as unknown as Record<string, unknown>, config.supplied.preprocessor);
}

/** A resampler config as given (flat, without `.class`), with origins for every key but `type`. */
function resamplerRecord(config: ResamplerConfig, supplied: string[]): EngineJsonObject {
  if (config.type === 'LOOCV') return { type: 'LOOCV', n_resamples: null, origin: { n_resamples: 'unset' } };
  const { type, ...rest } = config;
  return { type, ...withOrigin(rest, supplied) };
}

/** Values (search spaces as `{candidates}`) followed by their `origin` map. */
function withOrigin(values: Record<string, unknown>, supplied: string[]): EngineJsonObject {
  const out: EngineJsonObject = {};
  const origins: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = recordValue(value);
    origins[key] = origin(supplied, key);
  }
  out.origin = origins;
  return out;
}

function origin(supplied: string[], key: string): string {
  return supplied.includes(key) ? 'user' : 'default';
}

/** Metrics objects inside a record carry no `.class`. */
function bareMetrics(metrics: SupervisedMetrics): EngineJson {
  const { '.class': _class, ...rest } = metricsJson(metrics);
  return rest;
}
