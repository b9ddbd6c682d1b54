/**
 * One model, as rtemis `train()` fits it on a training part (rtemis-model §3.4, §1.3):
 * preprocessing fitted on the training rows and replayed on the held-out rows,
 * inverse-frequency weights, the fit, predictions on both parts, variable importance and
 * metrics — each step a node of the execution graph.
 */
import type { DecompositionConfig, Value } from '../config/types.js';
import { decompositionMethod } from '../decomp/registry.js';
import { selectRows, type Column } from '../data/dataset.js';
import { toTrainingData } from '../data/supervised.js';
import { inverseFrequencyWeights } from '../data/ifw.js';
import type { FitContext, FittedModel, TrainingData, VariableImportance } from '../learner.js';
import { classificationMetrics } from '../metrics/classification.js';
import { regressionMetrics } from '../metrics/regression.js';
import { fitPreprocessor, type FittedPreprocessor } from '../preprocess/preprocessor.js';
import { algorithmEntry, fitAlgorithm } from '../registry.js';
import type { UnsupervisedContext } from '../unsupervised.js';
import type { ExecutionSession, GraphNode } from './execution-graph.js';
import type { SplitPredictions, SupervisedMetrics } from './fold-result.js';
import type { RunContext } from './run-context.js';

export interface TrainedModel {
  training: SplitPredictions;
  test: SplitPredictions | null;
  metricsTraining: SupervisedMetrics;
  metricsTest: SupervisedMetrics | null;
  varimp: VariableImportance | null;
  preprocessor: FittedPreprocessor | null;
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
}

export async function trainModel(ctx: RunContext, options: TrainModelOptions): Promise<TrainedModel> {
  const { session, parent, trainRows, testRows } = options;
  const { config, data } = ctx;
  let trainColumns = rawFeatures(ctx, trainRows);
  let testColumns = testRows === null ? null : rawFeatures(ctx, testRows);

  let preprocessor: FittedPreprocessor | null = null;
  if (config.preprocessor !== null) {
    const preprocessorConfig = config.preprocessor;
    await session.step('preprocess', null, parent, () => {
      const fitted = fitPreprocessor(preprocessorConfig, trainColumns);
      preprocessor = fitted.preprocessor;
      trainColumns = fitted.transformed;
      testColumns = testColumns === null ? null : fitted.preprocessor.apply(testColumns);
    });
  }

  const context: FitContext = { random: options.random, checkpoint: ctx.io.checkpoint };
  let decomposition: TrainedModel['decomposition'] = null;
  if (config.decomposition !== null) {
    const decompositionConfig = config.decomposition;
    await session.step('decompose', decompositionConfig.algorithm, parent, async () => {
      const names = decompositionConfig.features ?? trainColumns.filter((column) => column.kind === 'numeric').map((column) => column.name);
      const fitted = await decompose(decompositionConfig, names, trainColumns, testColumns, {
        ...context,
        message: (text) => ctx.io.message('decompose', text),
      });
      trainColumns = fitted.training;
      testColumns = fitted.test;
      decomposition = { nFeatures: names.length, k: fitted.k };
    });
  }

  const training = toTrainingData(data, trainRows, trainColumns);
  if (options.hyperparameters.ifw === true && data.classes !== null) {
    if (data.weights !== null) throw new Error('ifw cannot be combined with a weights column.');
    training.weights = inverseFrequencyWeights(training.y, data.classes.length);
  }
  requireComplete(ctx, training);
  const testX = testColumns === null ? null : testColumns.map((column) => column.values);

  const tuneOnNull = algorithmEntry(config.algorithm).tuneOnNull;
  const { model, resolved } = await session.step('train_alg', config.algorithm, parent, async () => {
    if (options.resolveOnNull && tuneOnNull !== null && testRows !== null && testColumns !== null) {
      const validation = toTrainingData(data, testRows, testColumns);
      return tuneOnNull.fit(training, validation, options.hyperparameters, context);
    }
    return { model: await fitAlgorithm(config.algorithm, training, options.hyperparameters, context), resolved: null };
  });
  await ctx.io.checkpoint();

  const predictions = await session.step('predict', null, parent, async () => ({
    training: await predict(model, training.x, training.y, ctx.io.checkpoint),
    test: testX === null || testRows === null ? null : await predict(model, testX, pickOutcome(ctx, testRows), ctx.io.checkpoint),
  }));

  const varimp = options.withVarimp ? await session.step('varimp', config.algorithm, parent, () => model.varimp()) : null;

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
    preprocessor,
    xnames: training.featureNames,
    decomposition,
    resolved,
    derived: model.derived ?? {},
  };
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
  const prediction = model.predictPaced === undefined ? model.predict(x) : await model.predictPaced(x, checkpoint);
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
