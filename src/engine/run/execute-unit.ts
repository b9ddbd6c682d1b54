/**
 * Runs one unit of a supervised run (units.ts), in the worker that was given it or inline
 * in the run's own process: the unit's context is the job's setup plus its own progress
 * ids, and the runner it may hand nested units to.
 */
import type { FitContext, PartialFit } from '../learner.js';
import { createRandom } from '../random.js';
import { algorithmEntry } from '../registry.js';
import { cachedFit, keepFit } from './fit-cache.js';
import { runOuterFold } from './fit-fold.js';
import type { RunIo } from './progress-io.js';
import { LoopIds } from './progress-loop.js';
import type { RunContext } from './run-context.js';
import type { SupervisedSetup } from './supervised-setup.js';
import { prepareFitData, silentSteps } from './train-model.js';
import { runGridCell } from './tune.js';
import type { EngineUnit, FitPartUnit, UnitRunner } from './unit-contract.js';

export interface UnitBase {
  jobId: string;
  setup: SupervisedSetup;
  io: RunIo;
  units: UnitRunner;
  workers: number;
}

export function unitContext(base: UnitBase, loopPrefix: string): RunContext {
  const { setup } = base;
  return {
    jobId: base.jobId,
    config: setup.config,
    dataset: setup.dataset,
    data: setup.data,
    io: base.io,
    loops: new LoopIds(loopPrefix),
    trainLabel: `${setup.config.algorithm} ${setup.data.type}`,
    units: base.units,
    workers: base.workers,
  };
}

export function executeUnit(base: UnitBase, unit: EngineUnit): Promise<unknown> {
  switch (unit.kind) {
    case 'outer_fold':
      return runOuterFold(unitContext(base, `${unit.graph.idPrefix}pb`), unit);
    case 'grid_cell':
      return runGridCell(unitContext(base, `${unit.fitKey}/pb`), unit);
    case 'fit_part':
      return runFitPart(unitContext(base, `${unit.fit.key}/pb`), unit);
  }
}

/** A part of a self-parallel fit: the fit's data prepared here once (or found held), then the part. */
async function runFitPart(ctx: RunContext, unit: FitPartUnit): Promise<PartialFit> {
  const parallel = algorithmEntry(ctx.config.algorithm).selfParallel;
  if (parallel === null) throw new Error(`${ctx.config.algorithm} does not fit in parts.`);
  const { fit: spec } = unit;
  let fit = cachedFit(spec.key);
  if (fit === undefined) {
    const prepared = await prepareFitData(ctx, spec.trainRows, spec.testRows, spec.hyperparameters, silentSteps, spec.prepSeed);
    fit = keepFit(spec.key, { training: prepared.training, testX: prepared.testX, prepared: undefined });
  }
  fit.prepared ??= parallel.prepare(fit.training, spec.hyperparameters);
  const evaluate = fit.testX === null ? [fit.training.x] : [fit.training.x, fit.testX];
  const context: FitContext = { random: createRandom(spec.seed), checkpoint: ctx.io.checkpoint };
  return parallel.fitPart(fit.prepared, unit.part, spec.seed, evaluate, context);
}
