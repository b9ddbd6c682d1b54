/**
 * Grid search (rtemis `tune_GridSearch`, rtemis-model §1.3, §6.2): every combination is
 * fitted on every inner resample of the training part (combination-major), each fit a
 * nested `train` session of its own and a unit that any worker of the job may run, with
 * its own substream of the tuning seed; inner training/validation metrics are aggregated
 * per combination and the best combination by the tuner's metric wins. Grid cells are
 * reported as graph nodes after the search, in grid order, as rtemis does.
 */
import os from 'node:os';
import { tunesOnNull } from '../catalog/tune-on-null.js';
import type { Value } from '../config/types.js';
import type { MetricRow } from '../metrics/classification.js';
import { createRandom, substreamSeed } from '../random.js';
import { resamplerDescription } from '../resample/describe.js';
import { algorithmEntry } from '../registry.js';
import { ExecutionSession, type GraphNode } from './execution-graph.js';
import type { TuningOutcome } from './fold-result.js';
import { resolveHyperparameters, tunedNames, tuningGrid } from './grid.js';
import { valueJson } from './hyperparameters-json.js';
import { ProgressLoop } from './progress-loop.js';
import { resamplerCaller, resampleRows } from './resample-rows.js';
import type { RunContext } from './run-context.js';
import { trainModel } from './train-model.js';
import type { GridCellUnit } from './unit-contract.js';

/** What one grid cell reports: the fit's inner metrics and, for tune-on-null fits, the value it resolved. */
export interface GridCellResult {
  training: MetricRow;
  validation: MetricRow | null;
  resolved: number | null;
  start: number;
  end: number;
}

export async function tune(
  ctx: RunContext,
  session: ExecutionSession,
  parent: GraphNode,
  trainRows: Int32Array,
  seed: number,
  fitKey: string,
): Promise<TuningOutcome> {
  const { config, io } = ctx;
  const tuner = config.tuner;
  return session.step('tune', null, parent, async (tuneNode) => {
    const random = createRandom(seed);
    const grid = tuningGrid(config.hyperparameters, tuner, random);
    const inner = resampleRows(ctx, tuner.resampler, trainRows, random);
    const nInner = inner.resamples.length;
    const total = grid.length * nInner;
    io.message(
      'tuning_intro',
      `<> Tuning ${config.algorithm} by ${tuner.search_type} grid search with ${resamplerDescription(tuner.resampler, nInner)}...`,
    );
    io.message(
      'tuning_intro',
      `${grid.length} parameter combinations x ${nInner} resamples: ${total} models total (${os.platform()}-${os.arch()}).`,
    );
    for (const message of inner.messages) io.message(resamplerCaller(tuner.resampler), message);

    // Tune-on-null (LightGBM without force_nrounds, GLMNET without lambda): each cell resolves the value, the tuner combines them.
    const onNull = tunesOnNull(config.algorithm, config.hyperparameters) ? algorithmEntry(config.algorithm).tuneOnNull : null;
    const units: GridCellUnit[] = grid.flatMap((combination, c) =>
      inner.resamples.map((resample, r) => {
        const index = c * nInner + r;
        return {
          kind: 'grid_cell' as const,
          fitKey: `${fitKey}/cell${index + 1}`,
          hyperparameters: resolveHyperparameters(config.hyperparameters, combination.values),
          trainRows: resample.train,
          testRows: resample.test,
          seed: substreamSeed(seed, index),
          resolveOnNull: onNull !== null,
          origin: io.origin,
        };
      }),
    );
    const loop = new ProgressLoop(io, ctx.loops, tuneNode.id, 'tune', 'Tuning', total, true);
    const started = io.elapsed();
    const ended: number[] = [];
    let outcomes;
    try {
      outcomes = await ctx.units.run(units, {
        limit: config.execution.n_workers_tuning,
        stopOnError: config.execution.on_error === 'stop',
        onSettled: (index, outcome) => {
          ended[index] = io.elapsed();
          if (!outcome.ok) io.message('tune_GridSearch', `Grid cell ${index + 1} failed: ${outcome.message}`);
          loop.tick();
        },
      });
      loop.done();
    } catch (error) {
      loop.fail(io.wasCancelled);
      throw error;
    }

    const perCombination = grid.map(() => ({ training: [] as MetricRow[], validation: [] as MetricRow[], resolved: [] as number[] }));
    const firstFailure = outcomes.find((outcome) => !outcome.ok);
    const cells: TuningOutcome['cells'] = outcomes.map((outcome, index) => {
      const label = `#${index + 1} (resample ${(index % nInner) + 1})`;
      if (!outcome.ok) return { label, start: started, end: ended[index]!, ok: false };
      const cell = outcome.value as GridCellResult;
      const combination = perCombination[Math.floor(index / nInner)]!;
      combination.training.push(cell.training);
      if (cell.validation !== null) combination.validation.push(cell.validation);
      if (cell.resolved !== null) combination.resolved.push(cell.resolved);
      return { label, start: cell.start, end: cell.end, ok: true };
    });
    for (const cell of cells) {
      session.addFinished('grid_cell', cell.label, tuneNode, cell.start, cell.end, cell.ok ? 'ok' : 'error');
    }

    const aggregate = tuner.metrics_aggregate_fn === 'median' ? median : mean;
    if (onNull !== null) {
      grid.forEach((combination, c) => {
        const resolved = perCombination[c]!.resolved;
        if (resolved.length > 0) combination.values = { ...combination.values, [onNull.resolves]: onNull.combine(resolved, aggregate) };
      });
    }
    const summarised = grid.map((combination, c) => ({
      combination,
      training: aggregateRows(perCombination[c]!.training, aggregate),
      validation: aggregateRows(perCombination[c]!.validation, aggregate),
    }));
    const scored = summarised.filter(({ validation }) => validation !== null && typeof validation[tuner.metric] === 'number');
    if (scored.length === 0) {
      const reason = firstFailure === undefined || firstFailure.ok ? '' : ` The first grid cell to fail said: ${firstFailure.message}`;
      throw new Error(`Tuning failed: no parameter combination produced a validation ${tuner.metric}.${reason}`);
    }
    let best = scored[0]!;
    for (const candidate of scored) {
      const value = candidate.validation![tuner.metric] as number;
      const current = best.validation![tuner.metric] as number;
      if (tuner.maximize ? value > current : value < current) best = candidate;
    }
    io.message('tune_GridSearch', `Best config to ${tuner.maximize ? 'maximize' : 'minimize'} ${tuner.metric}:`);
    io.message('tune_GridSearch', Object.entries(best.combination.values).map(([name, value]) => `${name}: ${JSON.stringify(value)}`).join(', '));
    io.message('tune_GridSearch', '</> Tuning done.');

    const names = [...tunedNames(config.hyperparameters), ...(onNull !== null ? [onNull.resolves] : [])];
    const withId = (id: number, row: MetricRow | null) => ({ param_combo_id: id, ...(row ?? {}) });
    return {
      names,
      paramGrid: grid.map(({ id, values }) => {
        const row: Record<string, ReturnType<typeof valueJson>> = { param_combo_id: id };
        for (const name of names) row[name] = valueJson(values[name]);
        return row;
      }),
      training: summarised.map(({ combination, training }) => withId(combination.id, training)),
      validation: summarised.map(({ combination, validation }) => withId(combination.id, validation)),
      best: best.combination.values as Record<string, Value>,
      cells,
    };
  });
}

/** One grid cell as a unit: a nested `train` session fitting one combination on one inner resample. */
export async function runGridCell(ctx: RunContext, unit: GridCellUnit): Promise<GridCellResult> {
  const start = ctx.io.elapsed();
  const nested = new ExecutionSession(ctx.io);
  const root = nested.open('train', ctx.trainLabel, null);
  try {
    const model = await trainModel(ctx, {
      session: nested,
      parent: root,
      hyperparameters: unit.hyperparameters,
      trainRows: unit.trainRows,
      testRows: unit.testRows,
      testSample: 'Validation',
      random: createRandom(unit.seed),
      withVarimp: false,
      resolveOnNull: unit.resolveOnNull,
      fitKey: unit.fitKey,
    });
    nested.close(root, 'ok');
    return {
      training: model.metricsTraining.overall,
      validation: model.metricsTest?.overall ?? null,
      resolved: model.resolved,
      start,
      end: ctx.io.elapsed(),
    };
  } catch (error) {
    nested.close(root, ctx.io.wasCancelled ? 'aborted' : 'error');
    throw error;
  }
}

function aggregateRows(rows: MetricRow[], aggregate: (values: number[]) => number): MetricRow | null {
  if (rows.length === 0) return null;
  const out: MetricRow = {};
  for (const key of Object.keys(rows[0]!)) {
    const values = rows.map((row) => row[key]);
    out[key] = values.every((value): value is number => typeof value === 'number') ? aggregate(values) : null;
  }
  return out;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
