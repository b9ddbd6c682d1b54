/**
 * The contract between the job layer (main process) and the ML engine (worker process).
 * Everything here crosses a process boundary by structured clone: plain objects,
 * arrays and typed arrays only — no classes, no functions.
 */
import type { RVector } from '../protocol/json.js';

export type JobType = 'train' | 'decomp' | 'cluster';

/** JSON-like value as the engine builds it; `vec()` marks R vectors (auto-unboxed on the wire). */
export type EngineJson =
  | null
  | boolean
  | number
  | string
  | RVector
  | EngineJson[]
  | { [key: string]: EngineJson | undefined };
export type EngineJsonObject = { [key: string]: EngineJson | undefined };

/** What a worker is asked to run. `config` was validated in the main process at submission. */
export interface EngineTask {
  jobId: string;
  type: JobType;
  /** The validated, normalised config produced by the engine's config builder. */
  config: unknown;
  /**
   * The data handle's table as an Arrow IPC stream (the bytes the client uploaded), or the
   * file holding it — how a pool's workers get it: each reads it once per job.
   */
  data: Uint8Array | { path: string };
}

/**
 * One progress envelope (rtemis-model §6, protocol §7.3), before the server adds
 * `job_id` and renames `caller` to `stage`. Fields after `level` are producer-defined
 * and forwarded verbatim, in insertion order.
 */
export interface ProgressEnvelope {
  caller: string | null;
  message: string;
  ts: string;
  level: 'info' | 'start' | 'done' | 'progress' | 'error';
  [field: string]: unknown;
}

/** A result table column; becomes one Arrow column (§6.8.13). `null` is an Arrow null, and so is NaN in float64. */
export type ResultColumn =
  | { name: string; type: 'utf8'; values: (string | null)[] }
  | { name: string; type: 'dictionary'; values: (string | null)[]; levels?: string[] }
  | { name: string; type: 'float64'; values: Float64Array | (number | null)[] }
  | { name: string; type: 'int32'; values: Int32Array | (number | null)[] }
  | { name: string; type: 'bool'; values: (boolean | null)[] }
  | CodedColumn;

/**
 * Text as codes into `levels` (-1 = null): the same Arrow column as the strings would give,
 * compact for the long, repetitive columns of big results (split, fold, classes).
 */
export interface CodedColumn {
  name: string;
  type: 'utf8' | 'dictionary';
  codes: Int32Array;
  levels: string[];
}


export interface ResultTable {
  columns: ResultColumn[];
}

export type ResultFamily = 'Supervised' | 'SupervisedRes' | 'Decomposition' | 'Clustering';

export type TableSlice =
  | 'resamples'
  | 'varimp'
  | 'predictions'
  | 'roc'
  | 'session'
  | 'transformed'
  | 'loadings'
  | 'assignments';

/** What a finished job returns; the server slices it for `job.result` (§6.8). */
export interface EngineResult {
  family: ResultFamily;
  /** The library JSON of the result (the `raw` slice); `summary` is derived from it. */
  object: EngineJsonObject;
  /** The run record document (§6.8.3), or null when there is none. */
  record: EngineJsonObject | null;
  /** Table slices that have data; an absent slice is answered with the empty pointer. */
  tables: Partial<Record<TableSlice, ResultTable>>;
}
