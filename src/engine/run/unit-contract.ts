/**
 * What a unit is (an outer fold, a grid cell, a part of a self-parallel fit; see units.ts)
 * and how a run hands units out: the types both the run and the worker pool side share.
 */
import type { Value } from '../config/types.js';

/** One outer resample: its rows and the seed of its substream. */
export interface FoldSpec {
  name: string | null;
  index: number;
  trainRows: Int32Array;
  testRows: Int32Array | null;
  seed: number;
}

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
  /** The worker running this call takes no other work until these units are done (see the pool's `exclusive`). */
  exclusive?: boolean;
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
