/**
 * A `train` job (rtemis `train()`): the supervised data, then either one model on all
 * rows or one model per outer resample, and the assembled result — library JSON, table
 * slices and run record. Progress follows rtemis-model §6: a `train` root node, an
 * `Outer resamples` loop (the job's fraction) with one `outer_fold` node per resample.
 */
import type { EngineResult, ResultTable, TableSlice } from '../contract.js';
import type { TrainConfig } from '../config/types.js';
import { datasetFromArrow } from '../data/dataset.js';
import { toSupervised } from '../data/supervised.js';
import { createRandom, deriveSeed } from '../random.js';
import { resamplerDescription } from '../resample/describe.js';
import { ExecutionSession } from './execution-graph.js';
import { fitFold } from './fit-fold.js';
import type { FoldResult } from './fold-result.js';
import { resampledPredictionTable, singlePredictionTable } from './prediction-table.js';
import type { RunIo } from './progress-io.js';
import { LoopIds, ProgressLoop } from './progress-loop.js';
import { resamplerCaller, resampleRows, type RowResampling } from './resample-rows.js';
import { rocTable } from './roc-table.js';
import type { RunContext } from './run-context.js';
import { sessionTable } from './session-table.js';
import { resampledJson, singleModelJson } from './supervised-json.js';
import { supervisedRecord } from './supervised-record.js';
import { errorText } from './tune.js';
import { resampledVarimpTable, singleVarimpTable } from './varimp-table.js';

/** Seed of runs whose execution_config gives none, so that every run is reproducible. */
export const DEFAULT_SEED = 2026;

export async function runSupervised(config: TrainConfig, bytes: Uint8Array, io: RunIo): Promise<EngineResult> {
  const started = new Date();
  const dataset = datasetFromArrow(bytes);
  io.message(null, 'Checking data is ready for training...', 'start');
  const groupColumns = [config.outerResampling, config.needsTuning ? config.tuner.resampler : null].flatMap((resampler) =>
    resampler !== null && 'id_strat' in resampler && resampler.id_strat !== null ? [resampler.id_strat] : [],
  );
  const data = toSupervised(dataset, {
    weights: config.weights,
    positiveClass: config.positiveClass,
    exclude: [...new Set(groupColumns)],
  });
  io.message('check_supervised', 'done', 'done');
  if (data.droppedMissingOutcome > 0) {
    io.message('check_supervised', `Removed ${data.droppedMissingOutcome} cases with missing outcome (${data.outcomeName}).`);
  }

  const type = data.type;
  const ctx: RunContext = { config, dataset, data, io, loops: new LoopIds(), trainLabel: `${config.algorithm} ${type}` };
  const seed = config.execution.seed ?? DEFAULT_SEED;
  const master = createRandom(seed);
  const session = new ExecutionSession(io);
  const root = session.open('train', ctx.trainLabel, null);
  io.message('summarize_supervised', `Training set: ${data.outcome.length} cases x ${data.features.length} features.`);

  let folds: FoldResult[];
  let resampling: RowResampling | null = null;
  try {
    const allRows = Int32Array.from(data.outcome.keys());
    if (config.outerResampling === null) {
      const fitted = await fitFold(ctx, session, root, { name: null, index: 1, trainRows: allRows, testRows: null, seed: deriveSeed(master) });
      folds = [fitted.result];
    } else {
      const outer = config.outerResampling;
      resampling = resampleRows(ctx, outer, allRows, master);
      folds = await outerResampling(ctx, session, root, resampling, resamplerDescription(outer, resampling.resamples.length), master);
    }
    session.close(root, 'ok');
  } catch (error) {
    if (root.status === 'running') session.close(root, io.wasCancelled ? 'aborted' : 'error');
    throw error;
  }
  const finished = new Date();
  io.message('train', `Done in ${((finished.getTime() - started.getTime()) / 1000).toFixed(2)} seconds.`);

  const resampled = resampling !== null;
  const object = resampled ? resampledJson(config, type, folds, resampling!, seed) : singleModelJson(config, type, folds[0]!, seed);
  const tables: Partial<Record<TableSlice, ResultTable>> = {
    predictions: resampled ? resampledPredictionTable(folds, data.classes) : singlePredictionTable(folds[0]!, data.classes),
    session: sessionTable(session, io.elapsed()),
  };
  const varimp = resampled ? resampledVarimpTable(folds) : singleVarimpTable(folds[0]!.varimp);
  if (varimp !== null) tables.varimp = varimp;
  if (data.classes !== null) {
    const roc = rocTable(folds, data.classes, resampled);
    if (roc !== null) tables.roc = roc;
  }
  const record = supervisedRecord({ ctx, folds, seed, bytes, started, finished });
  return { family: resampled ? 'SupervisedRes' : 'Supervised', object, record, tables };
}

async function outerResampling(
  ctx: RunContext,
  session: ExecutionSession,
  root: ReturnType<ExecutionSession['open']>,
  resampling: RowResampling,
  description: string,
  master: () => number,
): Promise<FoldResult[]> {
  const { io, config } = ctx;
  io.message('train', `<> Training ${ctx.trainLabel} using ${description}...`);
  for (const message of resampling.messages) io.message(resamplerCaller(config.outerResampling!), message);
  const n = resampling.resamples.length;
  // Seeds are drawn up front so a fold's randomness does not depend on how earlier folds went.
  const seeds = resampling.resamples.map(() => deriveSeed(master));
  const loop = new ProgressLoop(io, ctx.loops, root.id, 'outer_resampling', 'Outer resamples', n, false);
  const folds: FoldResult[] = [];
  try {
    for (const [i, resample] of resampling.resamples.entries()) {
      await io.checkpoint();
      try {
        const fitted = await session.step('outer_fold', `${i + 1}/${n}`, root, (node) =>
          fitFold(ctx, session, node, { name: resample.name, index: i + 1, trainRows: resample.train, testRows: resample.test, seed: seeds[i]! }),
        );
        folds.push(fitted.result);
      } catch (error) {
        if (io.wasCancelled || config.execution.on_error !== 'continue') throw error;
        io.message('train', `Outer fold ${resample.name} failed and was dropped: ${errorText(error)}`);
      }
      loop.tick();
    }
    loop.done();
  } catch (error) {
    loop.fail(io.wasCancelled);
    throw error;
  }
  if (folds.length === 0) throw new Error('Every outer fold failed.');
  io.message('train', '</> Outer resampling done.');
  return folds;
}
