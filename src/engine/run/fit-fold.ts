/**
 * One outer fold (or the single model): tune on the training part when the config has
 * search spaces, then fit with the winning values and evaluate on the held-out part.
 */
import type { Value } from '../config/types.js';
import { createRandom, deriveSeed } from '../random.js';
import type { ExecutionSession, GraphNode } from './execution-graph.js';
import type { FoldResult, TuningOutcome } from './fold-result.js';
import { resolveHyperparameters } from './grid.js';
import type { RunContext } from './run-context.js';
import { trainModel, type TrainedModel } from './train-model.js';
import { tune } from './tune.js';

export interface FoldSpec {
  name: string | null;
  index: number;
  trainRows: Int32Array;
  testRows: Int32Array | null;
  seed: number;
}

export interface FittedFold {
  result: FoldResult;
  model: TrainedModel;
}

export async function fitFold(ctx: RunContext, session: ExecutionSession, parent: GraphNode, fold: FoldSpec): Promise<FittedFold> {
  const random = createRandom(fold.seed);
  const tuneRandom = createRandom(deriveSeed(random));
  const fitRandom = createRandom(deriveSeed(random));

  let tuning: TuningOutcome | null = null;
  let hyperparameters: Record<string, Value>;
  if (ctx.config.needsTuning) {
    tuning = await tune(ctx, session, parent, fold.trainRows, tuneRandom);
    hyperparameters = resolveHyperparameters(ctx.config.hyperparameters, tuning.best);
    ctx.io.message('train', `Training ${ctx.trainLabel} with tuned hyperparameters...`);
  } else {
    hyperparameters = resolveHyperparameters(ctx.config.hyperparameters, {});
  }

  const model = await trainModel(ctx, {
    session,
    parent,
    hyperparameters,
    trainRows: fold.trainRows,
    testRows: fold.testRows,
    testSample: 'Test',
    random: fitRandom,
    withVarimp: true,
    resolveOnNull: false,
  });
  hyperparameters = { ...hyperparameters, ...model.derived };
  return {
    model,
    result: {
      name: fold.name,
      index: fold.index,
      training: model.training,
      test: model.test,
      metricsTraining: model.metricsTraining,
      metricsTest: model.metricsTest,
      varimp: model.varimp,
      hyperparameters,
      derived: Object.keys(model.derived),
      tuning,
      preprocessor: model.preprocessor,
      xnames: model.xnames,
      decomposition: model.decomposition,
    },
  };
}
