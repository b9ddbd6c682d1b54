/** Shared input handling of the embeddings: column-major features to row-major, missing values refused. */

/** Row-major copy of column-major features (case i at [i*p, i*p+p)). */
export function rowMajor(x: Float64Array[], algorithm: string, variableNames: string[]): Float64Array {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const rows = new Float64Array(n * p);
  x.forEach((column, j) => {
    for (let i = 0; i < n; i++) {
      const value = column[i]!;
      if (!Number.isFinite(value)) {
        throw new Error(`${algorithm} does not allow missing values (feature ${variableNames[j] ?? j + 1}); impute or remove them first.`);
      }
      rows[i * p + j] = value;
    }
  });
  return rows;
}

/** Column-major copy of row-major n × k coordinates. */
export function columnMajor(rows: Float64Array, n: number, k: number): Float64Array[] {
  return Array.from({ length: k }, (_, c) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = rows[i * k + c]!;
    return column;
  });
}

/** Subtracts each column's mean in place. */
export function centerColumns(rows: Float64Array, n: number, k: number): void {
  for (let c = 0; c < k; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += rows[i * k + c]!;
    mean /= n;
    for (let i = 0; i < n; i++) rows[i * k + c] -= mean;
  }
}
