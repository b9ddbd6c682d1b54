/** A data handle (§5.1): an immutable uploaded table addressed within one session. */
import type { Table } from 'apache-arrow';
import { decodeArrowTable } from './arrow-decode.js';
import { newId } from '../sessions/ids.js';

export const MAX_DATA_HANDLES_PER_SESSION = 16;

/** The table and the uploaded Arrow IPC bytes it was decoded from (jobs receive the bytes). */
export interface DataContents {
  readonly table: Table;
  readonly bytes: Uint8Array;
}

export interface DataHandle {
  readonly id: string;
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** Size of the uploaded Arrow bytes. */
  readonly byteLength: number;
  readonly createdAt: Date;
  lastUsed: Date;
  /** Null for a handle restored from saved state until its first use loads it. */
  contents: DataContents | null;
}

export interface DataHandleSummary {
  data_handle: string;
  name: string;
  rows: number;
  cols: number;
}

/** Decodes `bytes` (throws ArrowDecodeError) and wraps them as a new handle. */
export function createDataHandle(name: string, bytes: Uint8Array, now: Date, id: string = newId('data')): DataHandle {
  const contents = decodeDataContents(bytes);
  const { table } = contents;
  return { id, name, rows: table.numRows, cols: table.numCols, byteLength: contents.bytes.byteLength, createdAt: now, lastUsed: now, contents };
}

/** Decodes uploaded (or saved) Arrow bytes; throws ArrowDecodeError. */
export function decodeDataContents(bytes: Uint8Array): DataContents {
  const owned = ownBytes(bytes);
  return { table: decodeArrowTable(owned), bytes: owned };
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
