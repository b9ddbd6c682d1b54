/**
 * One model, as rtemis `train()` fits it on a training part (rtemis-model §3.4, §1.3):
 * preprocessing fitted on the training rows and replayed on the held-out rows,
 * inverse-frequency weights, the fit, predictions on both parts, variable importance and
 * metrics — each step a node of the execution graph. A self-parallel learner (a forest)
 * fits in parts on the job's workers; the parts are added up for the predictions.
 */
import type { DecompositionConfig, Value } from '../config/types.js';
import { decompositionMethod } from '../decomp/registry.js';
import { selectRows, type Column } from '../data/dataset.js';
import { toTrainingData } from '../data/supervised.js';
import { inverseFrequencyWeights } from '../data/ifw.js';
import type { FitContext, FittedModel, PartialFit, Prediction, SelfParallelLearner, TrainingData, VariableImportance } from '../learner.js';
import { classificationMetrics } from '../metrics/classification.js';
import { regressionMetrics } from '../metrics/regression.js';
import type { EngineJsonObject } from '../contract.js';
import { fitPreprocessor } from '../preprocess/preprocessor.js';
import { createRandom, deriveSeed } from '../random.js';
import { algorithmEntry, fitAlgorithm } from '../registry.js';
import type { UnsupervisedContext } from '../unsupervised.js';
import type { ExecutionSession, GraphNode } from './execution-graph.js';
import { dropForeignFits, holdFit, releaseFit } from './fit-cache.js';
import type { SplitPredictions, SupervisedMetrics } from './fold-result.js';
import type { RunContext } from './run-context.js';
import { reclaimMemory } from './reclaim-memory.js';
import type { FitPartUnit } from './unit-contract.js';

export interface TrainedModel {
  training: SplitPredictions;
  test: SplitPredictions | null;
  metricsTraining: SupervisedMetrics;
  metricsTest: SupervisedMetrics | null;
  varimp: VariableImportance | null;
  /** The fitted preprocessor's JSON (rtemis `Preprocessor`), or null without preprocessing. */
  preprocessor: EngineJsonObject | null;
  xnames: string[];
  /** Numeric features decomposed and components made, when `decomposition_config` is set. */
  decomposition: { nFeatures: number; k: number } | null;
  /** The value a tune-on-null grid cell resolved (LightGBM's best round, GLMNET's lambda), else null. */
  resolved: number | null;
  /** Hyperparameters the fit resolved from the data (origin "derived"). */
  derived: Record<string, Value>;
}

export interface TrainModelOptions {
  session: ExecutionSession;
  parent: GraphNode;
  hyperparameters: Record<string, Value>;
  trainRows: Int32Array;
  /** Held-out rows (outer test set or inner validation set), or null. */
  testRows: Int32Array | null;
  /** Sample name of the held-out metrics: "Test" or "Validation". */
  testSample: string;
  random: () => number;
  withVarimp: boolean;
  /** Grid cells of tune-on-null algorithms: resolve the null value (registry `tuneOnNull`) and report it. */
  resolveOnNull: boolean;
  /** Names this fit within the job ("fold2", "fold2/cell7"), for the parts of a self-parallel fit. */
  fitKey: string;
}

/** The training part and held-out features as the algorithm sees them. */
export interface FitData {
  training: TrainingData;
  testX: Float64Array[] | null;
  /** Held-out columns after preprocessing (for early stopping on them). */
  testColumns: Column[] | null;
  preprocessor: EngineJsonObject | null;
  decomposition: TrainedModel['decomposition'];
}

/** Runs a preparation step: as a graph node in a fit, silently for the parts of a fit run elsewhere. */
export type StepRunner = <T>(kind: string, label: string | null, body: () => T | Promise<T>) => Promise<T>;

export const silentSteps: StepRunner = async (_kind, _label, body) => body();

export async function trainModel(ctx: RunContext, options: TrainModelOptions): Promise<TrainedModel> {
  const { session, parent, trainRows, testRows } = options;
  const { config } = ctx;
  const steps: StepRunner = (kind, label, body) => session.step(kind, label, parent, body);
  // Preparation draws (a decomposition's) from a seed of its own, which the parts of a fit run elsewhere get too.
  const prepSeed = deriveSeed(options.random);
  dropForeignFits();
  reclaimMemory();
  const fit = await prepareFitData(ctx, trainRows, testRows, options.hyperparameters, steps, prepSeed);
  const { training, testX } = fit;

  const entry = algorithmEntry(config.algorithm);
  const resolveOnNull = options.resolveOnNull && entry.tuneOnNull !== null && testRows !== null && fit.testColumns !== null;
  let predictions: { training: SplitPredictions; test: SplitPredictions | null };
  let varimp: VariableImportance | null = null;
  let resolved: number | null = null;
  let derived: Record<string, Value> = {};

  if (entry.selfParallel !== null && !resolveOnNull) {
    const parallel = entry.selfParallel;
    const parts = await session.step('train_alg', config.algorithm, parent, () => fitInParts(ctx, parallel, fit, options, prepSeed));
    await ctx.io.checkpoint();
    const combined = await session.step('predict', null, parent, () => {
      const sizes = [training.y.length, ...(testRows === null ? [] : [testRows.length])];
      const result = parallel.combine(training, options.hyperparameters, parts, sizes);
      return {
        varimp: result.varimp,
        training: splitOf(result.predictions[0]!, training.y),
        test: testRows === null ? null : splitOf(result.predictions[1]!, pickOutcome(ctx, testRows)),
      };
    });
    predictions = combined;
    if (options.withVarimp) varimp = await session.step('varimp', config.algorithm, parent, () => combined.varimp);
  } else {
    const context: FitContext = { random: options.random, checkpoint: ctx.io.checkpoint };
    const fitted = await session.step('train_alg', config.algorithm, parent, async () => {
      if (resolveOnNull) {
        const validation = toTrainingData(ctx.data, testRows!, fit.testColumns!);
        return entry.tuneOnNull!.fit(training, validation, options.hyperparameters, context);
      }
      return { model: await fitAlgorithm(config.algorithm, training, options.hyperparameters, context), resolved: null };
    });
    resolved = fitted.resolved;
    derived = fitted.model.derived ?? {};
    await ctx.io.checkpoint();
    predictions = await session.step('predict', null, parent, async () => ({
      training: await predict(fitted.model, training.x, training.y, ctx.io.checkpoint),
      test: testX === null || testRows === null ? null : await predict(fitted.model, testX, pickOutcome(ctx, testRows), ctx.io.checkpoint),
    }));
    if (options.withVarimp) varimp = await session.step('varimp', config.algorithm, parent, () => fitted.model.varimp());
  }

  const metrics = await session.step('metrics', null, parent, () => ({
    training: metricsOf(ctx, predictions.training, 'Training'),
    test: predictions.test === null ? null : metricsOf(ctx, predictions.test, options.testSample),
  }));

  return {
    training: predictions.training,
    test: predictions.test,
    metricsTraining: metrics.training,
    metricsTest: metrics.test,
    varimp,
    preprocessor: fit.preprocessor,
    xnames: training.featureNames,
    decomposition: fit.decomposition,
    resolved,
    derived,
  };
}

/**
 * The parts of a self-parallel fit, run as units; this worker holds the prepared data
 * meanwhile, so the parts it runs itself reuse it. The seed is the fit's one draw.
 */
async function fitInParts(
  ctx: RunContext,
  parallel: SelfParallelLearner<unknown>,
  fit: FitData,
  options: TrainModelOptions,
  prepSeed: number,
): Promise<PartialFit[]> {
  const key = `${ctx.jobId}/${options.fitKey}`;
  const seed = deriveSeed(options.random);
  const count = parallel.parts(fit.training, options.hyperparameters);
  const spec = { key, hyperparameters: options.hyperparameters, trainRows: options.trainRows, testRows: options.testRows, seed, prepSeed };
  const units: FitPartUnit[] = Array.from({ length: count }, (_, part) => ({ kind: 'fit_part', fit: spec, part }));
  holdFit(key, { training: fit.training, testX: fit.testX, prepared: undefined });
  try {
    // Exclusive: this worker holds the fit's prepared data and must not prepare a second fit meanwhile.
    const outcomes = await ctx.units.run(units, { limit: ctx.config.execution.n_workers_algorithm, stopOnError: true, exclusive: true });
    return outcomes.map((outcome) => (outcome as { value: PartialFit }).value);
  } finally {
    releaseFit(key);
  }
}

/**
 * Preprocessing and decomposition fitted on the training rows and applied to the held-out
 * rows, then the algorithm's training data (inverse-frequency weights included). The same
 * for a fit and for the parts of it that other workers run, so they train on identical data.
 */
export async function prepareFitData(
  ctx: RunContext,
  trainRows: Int32Array,
  testRows: Int32Array | null,
  hyperparameters: Record<string, Value>,
  steps: StepRunner,
  prepSeed: number,
): Promise<FitData> {
  const { config, data } = ctx;
  let trainColumns = rawFeatures(ctx, trainRows);
  let testColumns = testRows === null ? null : rawFeatures(ctx, testRows);

  let preprocessor: EngineJsonObject | null = null;
  if (config.preprocessor !== null) {
    const preprocessorConfig = config.preprocessor;
    await steps('preprocess', null, () => {
      const fitted = fitPreprocessor(preprocessorConfig, trainColumns);
      preprocessor = fitted.preprocessor.toJson();
      trainColumns = fitted.transformed;
      testColumns = testColumns === null ? null : fitted.preprocessor.apply(testColumns);
    });
  }

  let decomposition: TrainedModel['decomposition'] = null;
  if (config.decomposition !== null) {
    const decompositionConfig = config.decomposition;
    const context: UnsupervisedContext = {
      random: createRandom(prepSeed),
      checkpoint: ctx.io.checkpoint,
      message: (text) => ctx.io.message('decompose', text),
    };
    await steps('decompose', decompositionConfig.algorithm, async () => {
      const names = decompositionConfig.features ?? trainColumns.filter((column) => column.kind === 'numeric').map((column) => column.name);
      const fitted = await decompose(decompositionConfig, names, trainColumns, testColumns, context);
      trainColumns = fitted.training;
      testColumns = fitted.test;
      decomposition = { nFeatures: names.length, k: fitted.k };
    });
  }

  const training = toTrainingData(data, trainRows, trainColumns);
  if (hyperparameters.ifw === true && data.classes !== null) {
    if (data.weights !== null) throw new Error('ifw cannot be combined with a weights column.');
    training.weights = inverseFrequencyWeights(training.y, data.classes.length);
  }
  requireComplete(ctx, training);
  const testX = testColumns === null ? null : testColumns.map((column) => column.values);
  return { training, testX, testColumns, preprocessor, decomposition };
}

/**
 * `decomposition_config` (rtemis-model §4.1): the decomposition fitted on the training
 * part's chosen numeric features and applied to the held-out part (only `applicable`
 * methods are accepted there, config/decomposition-config.ts); the components replace
 * the decomposed columns (layout: kept features, then components).
 */
async function decompose(
  config: DecompositionConfig,
  names: string[],
  training: Column[],
  test: Column[] | null,
  context: UnsupervisedContext,
): Promise<{ training: Column[]; test: Column[] | null; k: number }> {
  const pick = (columns: Column[]) =>
    names.map((name) => {
      const column = columns.find((candidate) => candidate.name === name);
      if (column === undefined) throw new Error(`decomposition_config: feature "${name}" is not among the features.`);
      if (column.kind !== 'numeric') throw new Error(`decomposition_config: feature "${name}" is not numeric.`);
      return column.values;
    });
  const fit = await decompositionMethod(config.algorithm).fit({ x: pick(training), names }, config.config, context);
  if (test !== null && fit.transform === null) throw new Error(`${config.algorithm} cannot be applied to new data.`);
  const replace = (columns: Column[], scores: Float64Array[]): Column[] => [
    ...columns.filter((column) => !names.includes(column.name)),
    ...fit.componentNames.map((name, c) => ({
      name,
      kind: 'numeric' as const,
      values: scores[c]!,
      levels: null,
      integer: false,
      arrowType: `${config.algorithm} component`,
    })),
  ];
  return {
    training: replace(training, fit.transformed),
    test: test === null || fit.transform === null ? null : replace(test, await fit.transform(pick(test), context)),
    k: fit.componentNames.length,
  };
}

function rawFeatures(ctx: RunContext, rows: Int32Array): Column[] {
  return ctx.data.features.map((column) => selectRows(column, rows));
}

function pickOutcome(ctx: RunContext, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => ctx.data.outcome[row]!);
}

/** Algorithms without their own missing-value handling get a clear message instead of NaN arithmetic. */
function requireComplete(ctx: RunContext, training: TrainingData): void {
  if (algorithmEntry(ctx.config.algorithm).handlesMissing) return;
  const incomplete = training.featureNames.filter((_, index) => training.x[index]!.some(Number.isNaN));
  if (incomplete.length > 0) {
    throw new Error(
      `${ctx.config.algorithm} cannot handle missing values (in ${incomplete.join(', ')}). ` +
        'Impute them with preprocessor_config {"impute": true, "impute_type": "meanMode"}, or use a tree-based algorithm.',
    );
  }
}

async function predict(model: FittedModel, x: Float64Array[], actual: Float64Array, checkpoint: () => Promise<void>): Promise<SplitPredictions> {
  const known = model.knownPrediction?.(x) ?? null;
  if (known !== null) return splitOf(known, actual);
  return splitOf(model.predictPaced === undefined ? model.predict(x) : await model.predictPaced(x, checkpoint), actual);
}

function splitOf(prediction: Prediction, actual: Float64Array): SplitPredictions {
  return { actual, predicted: prediction.values, probabilities: prediction.probabilities };
}

function metricsOf(ctx: RunContext, split: SplitPredictions, sample: string): SupervisedMetrics {
  const classes = ctx.data.classes;
  if (classes === null) return regressionMetrics({ actual: split.actual, predicted: split.predicted, sample });
  return classificationMetrics({
    actual: split.actual,
    predicted: split.predicted,
    probabilities: split.probabilities,
    classes,
    sample,
  });
}
