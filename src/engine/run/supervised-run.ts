/**
 * A `train` job (rtemis `train()`): the supervised data, then either one model on all
 * rows or one model per outer resample, and the assembled result — library JSON, table
 * slices and run record. Progress follows rtemis-model §6: a `train` root node, an
 * `Outer resamples` loop (the job's fraction) with one `outer_fold` node per resample.
 * Outer folds are units: with several workers they run side by side, and the result is
 * assembled in fold order, so it does not depend on how they were spread.
 */
import type { EngineResult, ResultTable, TableSlice } from '../contract.js';
import { substream, substreamSeed } from '../random.js';
import { resamplerDescription } from '../resample/describe.js';
import { ExecutionSession, type GraphNode } from './execution-graph.js';
import { executeUnit, type UnitBase } from './execute-unit.js';
import { fitFold, type OuterFoldOutcome } from './fit-fold.js';
import type { FoldResult } from './fold-result.js';
import { resampledPredictionTable, singlePredictionTable } from './prediction-table.js';
import type { RunIo } from './progress-io.js';
import { LoopIds, ProgressLoop } from './progress-loop.js';
import { resamplerCaller, resampleRows, type RowResampling } from './resample-rows.js';
import { resamplesTable } from './resamples-table.js';
import { rocTable } from './roc-table.js';
import type { RunContext } from './run-context.js';
import { sessionTable } from './session-table.js';
import { resampledJson, singleModelJson } from './supervised-json.js';
import { supervisedRecord } from './supervised-record.js';
import type { SupervisedSetup } from './supervised-setup.js';
import type { OuterFoldUnit, UnitRunner } from './unit-contract.js';
import { algorithmEntry } from '../registry.js';
import { concurrentRunner, inlineRunner, pooledRunner } from './units.js';
import { resampledVarimpTable, singleVarimpTable } from './varimp-table.js';

/** Seed of runs whose execution_config gives none, so that every run is reproducible. */
export const DEFAULT_SEED = 2026;

/**
 * Up to this many cells (rows × features), the outer folds of a learner that fits in parts
 * run side by side in the lead's process, each handing its parts to the pool: the parts of
 * every fold then keep every worker busy to the end, where folds spread over workers ran in
 * rounds (5 folds on 2 workers: the fifth alone). Every fold's prepared data is held at
 * once, which is why it is for small data only.
 */
const SIDE_BY_SIDE_MAX_CELLS = 1 << 20;

export async function runSupervised(jobId: string, setup: SupervisedSetup, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const { config, data } = setup;
  io.message(null, 'Checking data is ready for training...', 'start');
  io.message('check_supervised', 'done', 'done');
  if (data.droppedMissingOutcome > 0) {
    io.message('check_supervised', `Removed ${data.droppedMissingOutcome} cases with missing outcome (${data.outcomeName}).`);
  }

  const dispatch = io.job.units;
  const workers = dispatch?.workers ?? 1;
  const base: UnitBase = { jobId, setup, io, workers, units: undefined! };
  base.units = dispatch !== undefined && workers > 1 ? pooledRunner(io, dispatch) : inlineRunner(io, (unit) => executeUnit(base, unit));
  const foldRunner = workers > 1 && foldsSideBySide(setup) ? concurrentRunner(io, (unit) => executeUnit(base, unit)) : base.units;
  const type = data.type;
  const ctx: RunContext = {
    jobId,
    config,
    dataset: setup.dataset,
    data,
    io,
    loops: new LoopIds(),
    trainLabel: `${config.algorithm} ${type}`,
    units: base.units,
    workers,
  };
  const seed = config.execution.seed ?? DEFAULT_SEED;
  const session = new ExecutionSession(io);
  const root = session.open('train', ctx.trainLabel, null);
  io.message('summarize_supervised', `Training set: ${data.outcome.length} cases x ${data.features.length} features.`);

  let folds: FoldResult[];
  let resampling: RowResampling | null = null;
  try {
    const allRows = Int32Array.from(data.outcome.keys());
    if (config.outerResampling === null) {
      folds = [await fitFold(ctx, session, root, { name: null, index: 1, trainRows: allRows, testRows: null, seed: substreamSeed(seed, 1) })];
    } else {
      const outer = config.outerResampling;
      resampling = resampleRows(ctx, outer, allRows, substream(seed, 0));
      folds = await outerResampling(ctx, foldRunner, session, root, resampling, resamplerDescription(outer, resampling.resamples.length), seed);
    }
    session.close(root, 'ok');
  } catch (error) {
    if (root.status === 'running') session.close(root, io.wasCancelled ? 'aborted' : 'error');
    throw error;
  }
  const finished = new Date();
  io.message('train', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const resampled = resampling !== null;
  const object = resampled
    ? resampledJson(config, type, folds, resampling!, seed, workers)
    : singleModelJson(config, type, folds[0]!, seed, workers);
  const tables: Partial<Record<TableSlice, ResultTable>> = {
    predictions: resampled ? resampledPredictionTable(folds, data.classes) : singlePredictionTable(folds[0]!, data.classes),
    session: sessionTable(session, io.elapsed()),
  };
  if (resampled) tables.resamples = resamplesTable(resampling!.resamples);
  const varimp = resampled ? resampledVarimpTable(folds) : singleVarimpTable(folds[0]!.varimp);
  if (varimp !== null) tables.varimp = varimp;
  if (data.classes !== null) {
    const roc = rocTable(folds, data.classes, resampled);
    if (roc !== null) tables.roc = roc;
  }
  const record = supervisedRecord({ ctx, folds, seed, dataHash: setup.dataHash, started, finished });
  return { family: resampled ? 'SupervisedRes' : 'Supervised', object, record, tables };
}

function foldsSideBySide({ config, data }: SupervisedSetup): boolean {
  const cells = data.outcome.length * data.features.length;
  return !config.needsTuning && algorithmEntry(config.algorithm).selfParallel !== null && cells <= SIDE_BY_SIDE_MAX_CELLS;
}

async function outerResampling(
  ctx: RunContext,
  runner: UnitRunner,
  session: ExecutionSession,
  root: GraphNode,
  resampling: RowResampling,
  description: string,
  seed: number,
): Promise<FoldResult[]> {
  const { io, config } = ctx;
  io.message('train', `<> Training ${ctx.trainLabel} using ${description}...`);
  for (const message of resampling.messages) io.message(resamplerCaller(config.outerResampling!), message);
  const n = resampling.resamples.length;
  // Fold i draws from substream i of the master seed (0 made the folds): the same on any worker.
  const units: OuterFoldUnit[] = resampling.resamples.map((resample, i) => ({
    kind: 'outer_fold',
    fold: { name: resample.name, index: i + 1, trainRows: resample.train, testRows: resample.test, seed: substreamSeed(seed, i + 1) },
    of: n,
    graph: { sessionId: session.id, parentId: root.id, idPrefix: `${root.id}.${i + 1}.` },
    origin: io.origin,
  }));
  const loop = new ProgressLoop(io, ctx.loops, root.id, 'outer_resampling', 'Outer resamples', n, false);
  const dispatched = io.elapsed();
  const ended: number[] = [];
  const continueOnError = config.execution.on_error === 'continue';
  let outcomes;
  try {
    outcomes = await runner.run(units, {
      limit: config.execution.n_workers_outer,
      stopOnError: !continueOnError,
      onSettled: (index, outcome) => {
        ended[index] = io.elapsed();
        if (!outcome.ok && continueOnError) io.message('train', `Outer fold ${units[index]!.fold.name} failed and was dropped: ${outcome.message}`);
        loop.tick();
      },
    });
    loop.done();
  } catch (error) {
    loop.fail(io.wasCancelled);
    throw error;
  }

  const folds: FoldResult[] = [];
  outcomes.forEach((outcome, index) => {
    const unit = units[index]!;
    const label = `${unit.fold.index}/${n}`;
    if (outcome.ok) {
      const { result, nodes } = outcome.value as OuterFoldOutcome;
      session.graft(root, nodes);
      folds.push(result);
    } else if (outcome.lost) {
      // Its worker died before it could close its node: close it for the client, keep it in the graph.
      session.addLost(`${unit.graph.idPrefix}1`, 'outer_fold', label, root, dispatched, ended[index]!);
    } else {
      session.graft(root, [{ id: `${unit.graph.idPrefix}1`, kind: 'outer_fold', label, start: dispatched, end: ended[index]!, status: 'error', children: [] }]);
    }
  });
  if (folds.length === 0) throw new Error('Every outer fold failed.');
  io.message('train', '</> Outer resampling done.');
  return folds;
}
