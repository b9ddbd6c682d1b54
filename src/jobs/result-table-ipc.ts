/** Result tables → one Arrow IPC stream (§6.8.13): strings utf8, factors dictionary<int32, utf8>, float64, int32, bool. */
import { Bool, Dictionary, Float64, Int32, Table, tableToIPC, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { ResultColumn, ResultTable } from '../engine/contract.js';

export function resultTableRows(table: ResultTable): number {
  return table.columns[0]?.values.length ?? 0;
}

export function resultTableToIpc(table: ResultTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const column of table.columns) vectors[column.name] = toVector(column);
  return tableToIPC(new Table(vectors), 'stream');
}

function toVector(column: ResultColumn): Vector {
  switch (column.type) {
    case 'utf8':
      return vectorFromArray(column.values, new Utf8());
    case 'dictionary':
      return vectorFromArray(column.values, new Dictionary(new Utf8(), new Int32()));
    case 'float64':
      return vectorFromArray(Array.from(column.values, (value) => (value === null || Number.isNaN(value) ? null : value)), new Float64());
    case 'int32':
      return vectorFromArray(Array.from(column.values), new Int32());
    case 'bool':
      return vectorFromArray(column.values, new Bool());
  }
}
