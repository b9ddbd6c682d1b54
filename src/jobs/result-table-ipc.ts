/**
 * Result tables → one Arrow IPC stream (§6.8.13): strings utf8, factors dictionary<int32, utf8>,
 * float64 (NaN as null), int32, bool. Typed and coded columns go straight into Arrow buffers,
 * so a result of millions of rows encodes without a JavaScript value per cell.
 */
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  makeData,
  makeVector,
  Table,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import type { CodedColumn, ResultColumn, ResultTable } from '../engine/contract.js';
import { columnLength } from '../engine/result-columns.js';

export function resultTableRows(table: ResultTable): number {
  const first = table.columns[0];
  return first === undefined ? 0 : columnLength(first);
}

export function resultTableToIpc(table: ResultTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of table.columns) vectors[column.name] = toVector(column);
  return tableToIPC(new Table(vectors), 'stream');
}

function toVector(column: ResultColumn): Vector {
  if ('codes' in column) return codedVector(column);
  switch (column.type) {
    case 'utf8':
      return vectorFromArray(column.values, new Utf8());
    case 'dictionary':
      return vectorFromArray(column.values, new Dictionary(new Utf8(), new Int32()));
    case 'float64':
      return column.values instanceof Float64Array
        ? floatVector(column.values)
        : vectorFromArray(Array.from(column.values, (value) => (value === null || Number.isNaN(value) ? null : value)), new Float64());
    case 'int32':
      return column.values instanceof Int32Array ? makeVector(column.values) : vectorFromArray(Array.from(column.values), new Int32());
    case 'bool':
      return vectorFromArray(column.values, new Bool());
  }
}

/** NaN marks a missing value: a validity bitmap instead of a boxed copy. */
function floatVector(values: Float64Array): Vector {
  const bitmap = validity(values.length, (i) => !Number.isNaN(values[i]!));
  return makeVector(makeData({ type: new Float64(), length: values.length, nullCount: bitmap.nulls, nullBitmap: bitmap.bits, data: values }));
}

function codedVector(column: CodedColumn): Vector {
  const { codes, levels } = column;
  const bitmap = validity(codes.length, (i) => codes[i]! >= 0);
  if (column.type === 'dictionary') {
    const dictionary = vectorFromArray(levels, new Utf8());
    const type = new Dictionary(new Utf8(), new Int32());
    const indices = bitmap.nulls === 0 ? codes : codes.map((code) => Math.max(code, 0));
    return makeVector(makeData({ type, length: codes.length, nullCount: bitmap.nulls, nullBitmap: bitmap.bits, data: indices, dictionary }));
  }
  // utf8: offsets and bytes written directly, each level encoded once.
  const encoded = levels.map((level) => Buffer.from(level, 'utf8'));
  let total = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) total += encoded[codes[i]!]!.length;
  const bytes = new Uint8Array(total);
  const offsets = new Int32Array(codes.length + 1);
  let at = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code >= 0) {
      bytes.set(encoded[code]!, at);
      at += encoded[code]!.length;
    }
    offsets[i + 1] = at;
  }
  return makeVector(makeData({ type: new Utf8(), length: codes.length, nullCount: bitmap.nulls, nullBitmap: bitmap.bits, valueOffsets: offsets, data: bytes }));
}

/** Arrow's validity bitmap (bit set = present); null bits when nothing is missing. */
function validity(length: number, present: (i: number) => boolean): { bits: Uint8Array | undefined; nulls: number } {
  const bits = new Uint8Array(Math.ceil(length / 8));
  let nulls = 0;
  for (let i = 0; i < length; i++) {
    if (present(i)) bits[i >> 3]! |= 1 << (i & 7);
    else nulls += 1;
  }
  return { bits: nulls === 0 ? undefined : bits, nulls };
}
