/**
 * `data.describe` column summaries (§5.4–§5.5): the R type label a column would get
 * after Arrow→R conversion, missing and distinct counts, and a per-kind summary.
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import { sortLevels } from './factor-levels.js';

export interface ColumnDescription {
  name: string;
  type: string;
  n_missing: number;
  n_unique: number;
  summary: Record<string, unknown> | null;
}

const TOP_VALUES = 3;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function describeTable(table: Table): ColumnDescription[] {
  return table.schema.fields.map((field, index) => describeColumn(field.name, table.getChildAt(index)!));
}

function describeColumn(name: string, column: Vector): ColumnDescription {
  const type = column.type as DataType;
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) return describeFactor(name, column);
  if (DataType.isBool(type) || DataType.isNull(type)) return describeLogical(name, column);
  if (DataType.isInt(type) || DataType.isFloat(type)) return describeNumeric(name, column);
  if (DataType.isDate(type) || DataType.isTimestamp(type)) return describeOpaque(name, 'double', column);
  if (DataType.isDecimal(type)) return describeOpaque(name, 'double', column);
  return describeOpaque(name, String(type).toLowerCase(), column);
}

function numericValues(column: Vector): { values: ArrayLike<number | bigint>; valid: (i: number) => boolean } {
  const values = column.toArray() as ArrayLike<number | bigint>;
  const valid = column.nullCount > 0 ? (i: number) => column.isValid(i) : () => true;
  return { values, valid };
}

function describeNumeric(name: string, column: Vector): ColumnDescription {
  const { values, valid } = numericValues(column);
  // Distinct values are counted on a sorted copy: a Set of millions of numbers is far slower.
  const present = new Float64Array(column.length);
  let count = 0;
  let sum = 0;
  for (let i = 0; i < column.length; i += 1) {
    const raw = values[i]!;
    const value = typeof raw === 'bigint' ? Number(raw) : raw;
    if (!valid(i) || Number.isNaN(value)) continue;
    present[count] = value;
    count += 1;
    sum += value;
  }
  const sorted = present.subarray(0, count).sort();
  let distinct = count > 0 ? 1 : 0;
  for (let i = 1; i < count; i += 1) if (sorted[i] !== sorted[i - 1]) distinct += 1;
  const min = sorted[0];
  const max = sorted[count - 1];
  const fitsInt32 = count === 0 || (min! >= INT32_MIN && max! <= INT32_MAX);
  const summary = count === 0 ? { min: null, max: null, mean: null } : { min, max, mean: sum / count };
  return {
    name,
    type: numericLabel(column.type as DataType, fitsInt32),
    n_missing: column.length - count,
    n_unique: distinct,
    summary,
  };
}

/** R keeps small integers as integer; 64-bit and unsigned 32-bit values become double. */
function numericLabel(type: DataType, fitsInt32: boolean): string {
  if (!DataType.isInt(type)) return 'double';
  if (type.bitWidth < 32) return 'integer';
  if (type.bitWidth === 32) return type.isSigned ? 'integer' : 'double';
  return type.isSigned && fitsInt32 ? 'integer' : 'double';
}

function describeFactor(name: string, column: Vector): ColumnDescription {
  const counts = new Map<string, number>();
  let missing = 0;
  for (let i = 0; i < column.length; i += 1) {
    const value: unknown = column.get(i);
    if (value === null || value === undefined) {
      missing += 1;
      continue;
    }
    const key = String(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const levels = sortLevels([...counts.keys()]);
  const top = levels
    .map((level, order) => ({ level, order, count: counts.get(level)! }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, TOP_VALUES);
  const summary = { top: Object.fromEntries(top.map(({ level, count }) => [level, count])) };
  return { name, type: 'factor', n_missing: missing, n_unique: counts.size, summary };
}

function describeLogical(name: string, column: Vector): ColumnDescription {
  let nTrue = 0;
  let nFalse = 0;
  for (let i = 0; i < column.length; i += 1) {
    const value: unknown = column.get(i);
    if (value === true) nTrue += 1;
    else if (value === false) nFalse += 1;
  }
  const missing = column.length - nTrue - nFalse;
  return { name, type: 'logical', n_missing: missing, n_unique: (nTrue > 0 ? 1 : 0) + (nFalse > 0 ? 1 : 0), summary: { n_true: nTrue, n_false: nFalse } };
}

/** Dates, timestamps and exotic types: counts only (B.21). */
function describeOpaque(name: string, type: string, column: Vector): ColumnDescription {
  const distinct = new Set<string>();
  let missing = 0;
  for (let i = 0; i < column.length; i += 1) {
    const value: unknown = column.get(i);
    if (value === null || value === undefined) missing += 1;
    else distinct.add(typeof value === 'object' ? JSON.stringify(value, bigintSafe) : String(value));
  }
  return { name, type, n_missing: missing, n_unique: distinct.size, summary: null };
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
