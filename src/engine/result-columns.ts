/** Reading result table columns whatever their form (values, or coded text). */
import type { ResultColumn } from './contract.js';

export function columnLength(column: ResultColumn): number {
  return 'codes' in column ? column.codes.length : column.values.length;
}

/** A column's values, coded text spelled out. */
export function columnValues(column: ResultColumn): ArrayLike<unknown> {
  if (!('codes' in column)) return column.values;
  return Array.from(column.codes, (code) => (code < 0 ? null : column.levels[code]!));
}
