/**
 * One outer fold (or the single model): tune on the training part when the config has
 * search spaces, then fit with the winning values and evaluate on the held-out part.
 * `runOuterFold` is the same as a unit that any worker of the job may run.
 */
import type { Value } from '../config/types.js';
import { createRandom, deriveSeed } from '../random.js';
import { ExecutionSession, exportNodes, type ExportedNode, type GraphNode } from './execution-graph.js';
import type { FoldResult, TuningOutcome } from './fold-result.js';
import { resolveHyperparameters } from './grid.js';
import type { RunContext } from './run-context.js';
import { trainModel } from './train-model.js';
import { tune } from './tune.js';
import type { FoldSpec, OuterFoldUnit } from './unit-contract.js';

export async function fitFold(ctx: RunContext, session: ExecutionSession, parent: GraphNode, fold: FoldSpec): Promise<FoldResult> {
  const random = createRandom(fold.seed);
  const tuneSeed = deriveSeed(random);
  const fitRandom = createRandom(deriveSeed(random));
  const fitKey = `fold${fold.index}`;

  let tuning: TuningOutcome | null = null;
  let hyperparameters: Record<string, Value>;
  if (ctx.config.needsTuning) {
    tuning = await tune(ctx, session, parent, fold.trainRows, tuneSeed, fitKey);
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
    fitKey,
  });
  hyperparameters = { ...hyperparameters, ...model.derived };
  return {
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
  };
}

export interface OuterFoldOutcome {
  result: FoldResult;
  /** The fold's nodes (its `outer_fold` node and everything under it), for the run's graph. */
  nodes: ExportedNode[];
}

/** An outer fold as a unit: its nodes go into the run's session, under the run's root. */
export async function runOuterFold(ctx: RunContext, unit: OuterFoldUnit): Promise<OuterFoldOutcome> {
  const session = new ExecutionSession(ctx.io, { sessionId: unit.graph.sessionId, idPrefix: unit.graph.idPrefix });
  const anchor = session.anchor(unit.graph.parentId);
  const result = await session.step('outer_fold', `${unit.fold.index}/${unit.of}`, anchor, (node) => fitFold(ctx, session, node, unit.fold));
  return { result, nodes: exportNodes(anchor.children) };
}
