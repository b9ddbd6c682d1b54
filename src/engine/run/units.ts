/**
 * The parts of a supervised run that may run on any worker ("units"): an outer fold, a
 * grid cell (one combination on one inner resample), and a part of a self-parallel fit
 * (a batch of trees). A unit carries everything it needs except the job's data, which each
 * worker reads once per job, and draws its randomness from its own substream, so results
 * are the same whichever worker runs it and however many workers there are.
 *
 * A run hands its units to a UnitRunner: inline (one after another in this process, when
 * the job has one worker or no pool) or pooled (the job's workers, through JobIo.units).
 */
import type { Value } from '../config/types.js';
import type { FoldSpec } from './fit-fold.js';
import type { RunIo } from './progress-io.js';

export interface OuterFoldUnit {
  kind: 'outer_fold';
  fold: FoldSpec;
  /** Number of outer resamples (the node label is "i/n"). */
  of: number;
  /** Where the fold's nodes go: the run's session, under the root, ids prefixed so they never collide. */
  graph: { sessionId: string; parentId: string; idPrefix: string };
  origin: number;
}

export interface GridCellUnit {
  kind: 'grid_cell';
  fitKey: string;
  hyperparameters: Record<string, Value>;
  trainRows: Int32Array;
  testRows: Int32Array;
  seed: number;
  /** Tune-on-null: resolve the null value on the validation rows and report it. */
  resolveOnNull: boolean;
  origin: number;
}

/** One fit of a self-parallel learner, as every part of it sees it. */
export interface FitSpec {
  /** Identifies the fit within the job, so a worker prepares its data once for all its parts. */
  key: string;
  hyperparameters: Record<string, Value>;
  trainRows: Int32Array;
  testRows: Int32Array | null;
  seed: number;
  /** Seed of the fit's preparation (a decomposition's draws), so every worker prepares the same data. */
  prepSeed: number;
}

export interface FitPartUnit {
  kind: 'fit_part';
  fit: FitSpec;
  part: number;
}

export type EngineUnit = OuterFoldUnit | GridCellUnit | FitPartUnit;

/** How a unit ended; `lost`: its worker died, so it could not report what it did. */
export type UnitOutcome = { ok: true; value: unknown } | { ok: false; message: string; lost: boolean };

export interface UnitRunOptions {
  /** At most this many at once (execution_config `n_workers_outer` / `_tuning` / `_algorithm`); null: no limit of its own. */
  limit: number | null;
  /** Stop at the first failure: the others are cancelled and `run` rejects with it. */
  stopOnError: boolean;
  /** Called as each unit settles, in settling order, with its index. */
  onSettled?(index: number, outcome: UnitOutcome): void;
}

/** What the worker hosting a run offers: its job's other workers. */
export interface UnitDispatch {
  /** Workers the job may use at once (its `n_workers`, as far as the pool and memory allow). */
  readonly workers: number;
  /** Outcomes in `units` order. Rejects with the first failure under stopOnError, or when the job is cancelled. */
  run(units: EngineUnit[], options: UnitRunOptions): Promise<UnitOutcome[]>;
}

export interface UnitRunner {
  run(units: EngineUnit[], options: UnitRunOptions): Promise<UnitOutcome[]>;
}

/**
 * Runs units here, in order. Values are cloned as they would be between processes, so a
 * one-worker run sees exactly what a pooled one does.
 */
export function inlineRunner(io: RunIo, execute: (unit: EngineUnit) => Promise<unknown>): UnitRunner {
  return {
    async run(units, options) {
      const outcomes: UnitOutcome[] = [];
      for (const [index, unit] of units.entries()) {
        await io.checkpoint();
        let outcome: UnitOutcome;
        try {
          outcome = { ok: true, value: structuredClone(await execute(unit)) };
        } catch (error) {
          if (io.wasCancelled || options.stopOnError) throw error;
          outcome = { ok: false, message: errorText(error), lost: false };
        }
        outcomes.push(outcome);
        options.onSettled?.(index, outcome);
      }
      return outcomes;
    },
  };
}

/** Runs units on the job's workers; after a failed wait it checks for cancellation, so a cancelled run aborts as one. */
export function pooledRunner(io: RunIo, dispatch: UnitDispatch): UnitRunner {
  return {
    async run(units, options) {
      try {
        return await dispatch.run(units, options);
      } catch (error) {
        await io.checkpoint();
        throw error;
      }
    },
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
