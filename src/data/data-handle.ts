/** A data handle (§5.1): an immutable uploaded table addressed within one session. */
import type { Table } from 'apache-arrow';
import { decodeArrowTable } from './arrow-decode.js';
import { newId } from '../sessions/ids.js';

export const MAX_DATA_HANDLES_PER_SESSION = 16;

export interface DataHandle {
  readonly id: string;
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly createdAt: Date;
  lastUsed: Date;
  readonly table: Table;
  /** The uploaded Arrow IPC bytes; jobs receive these (the worker decodes its own copy). */
  readonly bytes: Uint8Array;
}

export interface DataHandleSummary {
  data_handle: string;
  name: string;
  rows: number;
  cols: number;
}

/** Decodes `bytes` (throws ArrowDecodeError) and wraps them as a new handle. */
export function createDataHandle(name: string, bytes: Uint8Array, now: Date): DataHandle {
  const owned = ownBytes(bytes);
  const table = decodeArrowTable(owned);
  return { id: newId('data'), name, rows: table.numRows, cols: table.numCols, createdAt: now, lastUsed: now, table, bytes: owned };
}

export function summarizeDataHandle(handle: DataHandle): DataHandleSummary {
  return { data_handle: handle.id, name: handle.name, rows: handle.rows, cols: handle.cols };
}

/**
 * A view into a much larger receive buffer would pin that whole buffer for the
 * handle's lifetime; a view that is nearly all of it (one frame, one message) is kept.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength >= 0.9 * bytes.buffer.byteLength ? bytes : bytes.slice();
}
