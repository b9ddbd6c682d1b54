/**
 * The engine's in-memory table: one Float64Array per column, decoded once from the
 * uploaded Arrow IPC stream the way rtemis.server sees an upload (protocol §5.4):
 * strings and dictionaries are factors with sorted levels, booleans are logical,
 * integers and floats (int64, dates and timestamps included) are numeric.
 */
import { tableFromIPC, Type, DataType, Precision, type Vector } from 'apache-arrow';
import { compareLevels } from '../../data/factor-levels.js';

export type ColumnKind = 'numeric' | 'factor' | 'logical' | 'other';

export interface Column {
  name: string;
  kind: ColumnKind;
  /** numeric: the values; factor: level codes 0..k-1; logical: 0/1; NaN = missing. */
  values: Float64Array;
  /** Factor levels (codes index them), else null. */
  levels: string[] | null;
  /** Numeric columns that R would hold as integers (integer2factor / integer2numeric act on these). */
  integer: boolean;
  /** The Arrow type, for messages about columns the engine cannot use. */
  arrowType: string;
}

export interface Dataset {
  nRows: number;
  columns: Column[];
}


export function datasetFromArrow(bytes: Uint8Array): Dataset {
  const table = tableFromIPC(bytes);
  const nRows = table.numRows;
  const columns = table.schema.fields.map((field, index) => {
    const vector = table.getChildAt(index);
    if (vector === null) throw new Error(`Arrow column ${field.name} has no data.`);
    return decodeColumn(field.name, field.type, vector, nRows);
  });
  return { nRows, columns };
}

function decodeColumn(name: string, type: DataType, vector: Vector, n: number): Column {
  const arrowType = String(type);
  const base = { name, arrowType, levels: null, integer: false };
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) {
    if (DataType.isDictionary(type) && !isStringType(type.dictionary)) {
      return { ...base, kind: 'other', values: allMissing(n) };
    }
    return { ...base, ...factorFromStrings(vector, n), kind: 'factor' };
  }
  if (type.typeId === Type.Utf8View) return { ...base, ...factorFromStrings(vector, n), kind: 'factor' };
  if (DataType.isBool(type)) {
    return { ...base, kind: 'logical', values: readNumbers(vector, n, (v) => (v ? 1 : 0)) };
  }
  if (DataType.isNull(type)) return { ...base, kind: 'logical', values: allMissing(n) };
  if (DataType.isInt(type)) {
    const values = readNumbers(vector, n, Number);
    const small = type.bitWidth < 32 || (type.bitWidth === 32 && type.isSigned);
    return { ...base, kind: 'numeric', values, integer: small || (type.bitWidth === 64 && type.isSigned && fitsInt32(values)) };
  }
  if (DataType.isFloat(type)) {
    // Half floats come out of toArray() as raw bits; they take the per-value path.
    const values = type.precision === Precision.HALF ? readNumbers(vector, n, Number) : readFloats(vector, n);
    return { ...base, kind: 'numeric', values };
  }
  if (DataType.isDate(type)) {
    // Arrow JS gives epoch milliseconds; R's Date is days since the epoch.
    return { ...base, kind: 'numeric', values: readNumbers(vector, n, (v) => toMillis(v) / 86_400_000) };
  }
  if (DataType.isTimestamp(type)) {
    // Arrow JS gives epoch milliseconds whatever the unit; R's POSIXct is seconds since the epoch.
    return { ...base, kind: 'numeric', values: readNumbers(vector, n, (v) => toMillis(v) / 1000) };
  }
  return { ...base, kind: 'other', values: allMissing(n) };
}

function isStringType(type: DataType): boolean {
  return DataType.isUtf8(type) || DataType.isLargeUtf8(type) || type.typeId === Type.Utf8View;
}

function toMillis(value: unknown): number {
  return value instanceof Date ? value.getTime() : Number(value);
}

/** Floats straight from the Arrow buffers (one copy), nulls as NaN: the bulk of a large numeric upload. */
function readFloats(vector: Vector, n: number): Float64Array {
  const out = Float64Array.from(vector.toArray() as Float32Array | Float64Array);
  if (vector.nullCount > 0) for (let i = 0; i < n; i++) if (!vector.isValid(i)) out[i] = NaN;
  return out;
}

function readNumbers(vector: Vector, n: number, convert: (value: unknown) => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value: unknown = vector.get(i);
    out[i] = value === null || value === undefined ? NaN : convert(value);
  }
  return out;
}

function factorFromStrings(vector: Vector, n: number): { values: Float64Array; levels: string[] } {
  const raw: (string | null)[] = new Array(n);
  const distinct = new Set<string>();
  for (let i = 0; i < n; i++) {
    const value: unknown = vector.get(i);
    if (value === null || value === undefined) {
      raw[i] = null;
    } else {
      const text = String(value);
      raw[i] = text;
      distinct.add(text);
    }
  }
  const levels = [...distinct].sort(compareLevels);
  const code = new Map(levels.map((level, index) => [level, index]));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const text = raw[i];
    values[i] = text === null || text === undefined ? NaN : code.get(text)!;
  }
  return { values, levels };
}

function fitsInt32(values: Float64Array): boolean {
  for (const value of values) {
    if (!Number.isNaN(value) && (value > 2147483647 || value < -2147483647)) return false;
  }
  return true;
}

function allMissing(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/** A column with only the given rows, in that order. */
export function selectRows(column: Column, rows: Int32Array): Column {
  return { ...column, values: gather(column.values, rows) };
}

export function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

/**
 * The columns a decomposition or clustering works on (`features` of rtemis-model §2.1):
 * the named ones, which must be numeric, or every numeric column when `names` is null.
 */
export function numericColumns(dataset: Dataset, names: readonly string[] | null): Column[] {
  if (names === null) return dataset.columns.filter((column) => column.kind === 'numeric');
  return names.map((name) => {
    const column = dataset.columns.find((candidate) => candidate.name === name);
    if (column === undefined) throw new Error(`Column "${name}" is not in the dataset.`);
    if (column.kind !== 'numeric') throw new Error(`Column "${name}" is not numeric.`);
    return column;
  });
}
