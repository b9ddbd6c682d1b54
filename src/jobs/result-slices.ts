/**
 * `job.result` slices (§6.8): the JSON slices derived from the engine's result
 * object, and the table slices as Arrow IPC behind a pointer.
 */
import { colorsForKinds } from '../engine/catalog/kind-colors.js';
import type { EngineJsonObject, EngineResult, ResultTable, TableSlice } from '../engine/contract.js';
import { encodeWireJson, vec } from '../protocol/json.js';
import { invalidParams } from '../protocol/wire-error.js';
import { BinaryResult } from '../server/methods/method-call.js';
import { columnValues } from '../engine/result-columns.js';
import { resultTableRows, resultTableToIpc } from './result-table-ipc.js';

export const MAX_RECORD_BYTES = 1_048_576 - 4_096;

const POINTER_KEYS = ['varimp', 'varimp_per_resample', 'transformed', 'decom', 'clusters', 'clust'];
const METRICS_KEYS = ['metrics_training', 'metrics_validation', 'metrics_test'];
const UNSUPPORTED_SLICE =
  'Unsupported slice `%s`. Use `summary`, `raw`, `record`, `varimp`, `predictions`, `roc`, `session`, `metrics`, `transformed`, `loadings`, `assignments`, or `resamples`.';

const EMPTY_POINTER = { rows: 0, cols: 0, columns: [], format: 'arrow-ipc' };

export function resultSlice(result: EngineResult, slice: string): unknown {
  switch (slice) {
    case 'summary':
      return summary(result.object);
    case 'raw':
      return result.object;
    case 'record':
      return record(result);
    case 'metrics':
      return metrics(result);
    case 'predictions':
      if (result.family !== 'Supervised' && result.family !== 'SupervisedRes') {
        throw invalidParams('`predictions` slice requires a `Supervised` or `SupervisedRes` result.');
      }
      return table(result, 'predictions');
    case 'transformed':
    case 'loadings':
      if (result.family !== 'Decomposition') throw invalidParams(`\`${slice}\` slice requires a \`Decomposition\` result.`);
      return table(result, slice);
    case 'assignments':
      if (result.family !== 'Clustering') throw invalidParams('`assignments` slice requires a `Clustering` result.');
      return table(result, 'assignments');
    case 'varimp':
    case 'roc':
    case 'session':
    // The outer resampler's training rows (resampled supervised results; others: empty pointer).
    case 'resamples':
      return table(result, slice);
    default:
      throw invalidParams(UNSUPPORTED_SLICE.replace('%s', slice));
  }
}

/** §6.8.1: heavy members become pointers; per-resample metrics are dropped. */
function summary(object: EngineJsonObject): EngineJsonObject {
  const pruned: EngineJsonObject = { ...object };
  for (const key of POINTER_KEYS) {
    if (pruned[key] !== undefined && pruned[key] !== null) pruned[key] = { available: true, fetch_via: key };
  }
  for (const key of METRICS_KEYS) {
    const metricsObject = pruned[key];
    if (metricsObject && typeof metricsObject === 'object' && !Array.isArray(metricsObject) && 'res_metrics' in metricsObject) {
      const { res_metrics: _perResample, ...rest } = metricsObject as EngineJsonObject;
      pruned[key] = rest;
    }
  }
  return pruned;
}

function record(result: EngineResult): unknown {
  if (!result.record) return { available: false, reason: 'no_input_config' };
  const bytes = Buffer.byteLength(encodeWireJson(result.record), 'utf8');
  if (bytes > MAX_RECORD_BYTES) return { available: false, reason: 'too_large', bytes };
  return result.record;
}

/** §6.8.9 (B.10): single-fit supervised results only. */
function metrics(result: EngineResult): unknown {
  if (result.family !== 'Supervised') throw invalidParams('`metrics` slice requires a `Supervised` result.');
  const out: Record<string, unknown> = {};
  const names = { training: 'metrics_training', validation: 'metrics_validation', test: 'metrics_test' } as const;
  for (const [split, key] of Object.entries(names)) {
    const value = result.object[key];
    if (value !== undefined && value !== null) out[split] = value;
  }
  return out;
}

function table(result: EngineResult, slice: TableSlice): unknown {
  const data: ResultTable | undefined = result.tables[slice];
  const rows = data ? resultTableRows(data) : 0;
  // Zero rows are never shipped, except predictions, which is always binary (§6.8.6).
  if (!data || (rows === 0 && slice !== 'predictions')) return EMPTY_POINTER;
  const pointer: Record<string, unknown> = {
    rows,
    cols: data.columns.length,
    columns: vec(data.columns.map((column) => column.name)),
    format: 'arrow-ipc',
  };
  if (slice === 'session') {
    const kindColumn = data.columns.find((column) => column.name === 'kind');
    const kinds = kindColumn === undefined ? undefined : (Array.from(columnValues(kindColumn)) as (string | null)[]);
    pointer.colors = colorsForKinds((kinds ?? []).filter((kind): kind is string => kind !== null));
  }
  return new BinaryResult(pointer, resultTableToIpc(data));
}
