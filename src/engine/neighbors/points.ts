/**
 * Point sets as the neighbour searches read them: one contiguous row-major Float64Array, so the
 * distance loops walk memory in order.
 */

/** `n` points in `d` dimensions; point i occupies `data[i * d]` … `data[i * d + d - 1]`. */
export interface PointSet {
  readonly data: Float64Array;
  readonly n: number;
  readonly d: number;
}

/** Points from column-major features (one Float64Array per dimension, all of the same length). */
export function pointsFromColumns(columns: readonly Float64Array[]): PointSet {
  const d = columns.length;
  const n = columns[0]?.length ?? 0;
  const data = new Float64Array(n * d);
  for (let t = 0; t < d; t++) {
    const column = columns[t]!;
    if (column.length !== n) throw new RangeError(`Dimension ${t} holds ${column.length} values; dimension 0 holds ${n}.`);
    for (let i = 0; i < n; i++) data[i * d + t] = column[i]!;
  }
  return { data, n, d };
}

/** Checks the shape and that every coordinate is finite (a NaN would make distances meaningless). */
export function checkPoints(points: PointSet, what: string): void {
  const { data, n, d } = points;
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d < 1 || data.length !== n * d) {
    throw new RangeError(`${what}: expected ${n} × ${d} = ${n * d} coordinates, got ${data.length}.`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new RangeError(`${what}: point ${Math.floor(i / d)} has a missing or infinite coordinate (dimension ${i % d}).`);
    }
  }
}
