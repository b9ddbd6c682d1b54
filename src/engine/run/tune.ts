/**
 * Grid search (rtemis `tune_GridSearch`, rtemis-model §1.3, §6.2): every combination is
 * fitted on every inner resample of the training part (combination-major), each fit a
 * nested `train` session of its own; inner training/validation metrics are aggregated
 * per combination and the best combination by the tuner's metric wins. Grid cells are
 * reported as graph nodes after the search, as rtemis does.
 */
import os from 'node:os';
import { tunesOnNull } from '../catalog/tune-on-null.js';
import type { Value } from '../config/types.js';
import type { MetricRow } from '../metrics/classification.js';
import { createRandom, deriveSeed } from '../random.js';
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

export async function tune(
  ctx: RunContext,
  session: ExecutionSession,
  parent: GraphNode,
  trainRows: Int32Array,
  random: () => number,
): Promise<TuningOutcome> {
  const { config, io } = ctx;
  const tuner = config.tuner;
  return session.step('tune', null, parent, async (tuneNode) => {
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

    const loop = new ProgressLoop(io, ctx.loops, tuneNode.id, 'tune', 'Tuning', total, true);
    const cells: TuningOutcome['cells'] = [];
    let firstFailure: string | null = null;
    const perCombination = grid.map(() => ({ training: [] as MetricRow[], validation: [] as MetricRow[], resolved: [] as number[] }));
    // Tune-on-null (LightGBM without force_nrounds, GLMNET without lambda): each cell resolves the value, the tuner combines them.
    const onNull = tunesOnNull(config.algorithm, config.hyperparameters) ? algorithmEntry(config.algorithm).tuneOnNull : null;
    try {
      for (const [c, combination] of grid.entries()) {
        const hyperparameters = resolveHyperparameters(config.hyperparameters, combination.values);
        for (const [r, resample] of inner.resamples.entries()) {
          await io.checkpoint();
          const cellRandom = createRandom(deriveSeed(random));
          const start = io.elapsed();
          const nested = new ExecutionSession(io);
          const root = nested.open('train', ctx.trainLabel, null);
          try {
            const model = await trainModel(ctx, {
              session: nested,
              parent: root,
              hyperparameters,
              trainRows: resample.train,
              testRows: resample.test,
              testSample: 'Validation',
              random: cellRandom,
              withVarimp: false,
              resolveOnNull: onNull !== null,
            });
            if (model.resolved !== null) perCombination[c]!.resolved.push(model.resolved);
            nested.close(root, 'ok');
            perCombination[c]!.training.push(model.metricsTraining.overall);
            if (model.metricsTest !== null) perCombination[c]!.validation.push(model.metricsTest.overall);
            cells.push({ label: `#${cells.length + 1} (resample ${r + 1})`, start, end: io.elapsed(), ok: true });
          } catch (error) {
            nested.close(root, io.wasCancelled ? 'aborted' : 'error');
            if (io.wasCancelled || config.execution.on_error === 'stop') throw error;
            cells.push({ label: `#${cells.length + 1} (resample ${r + 1})`, start, end: io.elapsed(), ok: false });
            io.message('tune_GridSearch', `Grid cell ${cells.length} failed: ${errorText(error)}`);
            firstFailure ??= errorText(error);
          }
          loop.tick();
        }
      }
      loop.done();
    } catch (error) {
      loop.fail(io.wasCancelled);
      throw error;
    }
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
      const reason = firstFailure === null ? '' : ` The first grid cell to fail said: ${firstFailure}`;
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

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
