/** Row selection with plain loops (typed-array `from` with a mapping function is slow in V8). */

export function pickRows(values: Float64Array, rows: Int32Array): Float64Array {
  return pickRowsInto(new Float64Array(rows.length), values, rows);
}

/** `out[i] = values[rows[i]]`; returns `out`. */
export function pickRowsInto(out: Float64Array, values: Float64Array, rows: Int32Array): Float64Array {
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
  return out;
}

/** The indices i < n for which `keep(i)` holds, ascending. */
export function rowsWhere(n: number, keep: (i: number) => boolean): Int32Array {
  const out = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[size++] = i;
  return out.slice(0, size);
}
