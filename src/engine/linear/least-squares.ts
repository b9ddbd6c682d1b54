/**
 * Weighted least squares by Householder QR with R's limited column pivoting
 * (LINPACK dqrdc2, as `lm.fit` / `glm.fit` use it): a column whose remaining norm falls
 * below `tolerance` × its original norm is collinear with the columns before it, is left
 * out, and gets a missing (NaN) coefficient — R's `NA` for aliased terms.
 */

export interface LeastSquaresFit {
  /** One per design column; NaN for aliased columns. */
  coefficients: Float64Array;
  rank: number;
}

export function weightedLeastSquares(
  columns: Float64Array[],
  y: Float64Array,
  weights: Float64Array | null,
  tolerance = 1e-7,
): LeastSquaresFit {
  const n = y.length;
  const p = columns.length;
  const rootWeights = weights === null ? null : weights.map(Math.sqrt);
  const scaleRow = (values: Float64Array) => (rootWeights === null ? Float64Array.from(values) : values.map((value, i) => value * rootWeights[i]!));
  const a = columns.map(scaleRow);
  const b = scaleRow(y);
  const originalNorms = a.map(norm);

  // kept[r] = design column of the r-th pivot; the reflections live in a[kept[r]] below row r.
  const kept: number[] = [];
  const diagonal: number[] = [];
  for (let j = 0; j < p; j++) {
    const column = a[j]!;
    const r = kept.length;
    if (r >= n) break;
    let remaining = 0;
    for (let i = r; i < n; i++) remaining += column[i]! * column[i]!;
    remaining = Math.sqrt(remaining);
    if (originalNorms[j] === 0 || remaining <= tolerance * originalNorms[j]!) continue;

    // Householder vector v = x + sign(x_r)·‖x‖·e_r, stored in place; R[r][r] = −sign(x_r)·‖x‖.
    const alpha = column[r]! >= 0 ? -remaining : remaining;
    column[r] = column[r]! - alpha;
    const vNormSquared = vectorDot(column, column, r, n);
    const reflect = (target: Float64Array) => {
      const factor = (2 * vectorDot(column, target, r, n)) / vNormSquared;
      for (let i = r; i < n; i++) target[i] = target[i]! - factor * column[i]!;
    };
    for (let later = j + 1; later < p; later++) reflect(a[later]!);
    reflect(b);
    kept.push(j);
    diagonal.push(alpha);
  }

  // Back-substitution on the kept columns: R[r][c] sits at a[kept[c]][r] for c > r.
  const rank = kept.length;
  const solution = new Float64Array(rank);
  for (let r = rank - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < rank; c++) sum -= a[kept[c]!]![r]! * solution[c]!;
    solution[r] = sum / diagonal[r]!;
  }
  const coefficients = new Float64Array(p).fill(NaN);
  kept.forEach((column, r) => (coefficients[column] = solution[r]!));
  return { coefficients, rank };
}

/** X·β, with aliased (NaN) coefficients contributing nothing, as R's predict does. */
export function linearPredictor(columns: Float64Array[], coefficients: Float64Array, n: number): Float64Array {
  const eta = new Float64Array(n);
  columns.forEach((column, j) => {
    const beta = coefficients[j]!;
    if (Number.isNaN(beta)) return;
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + beta * column[i]!;
  });
  return eta;
}

function norm(values: Float64Array): number {
  return Math.sqrt(vectorDot(values, values, 0, values.length));
}

function vectorDot(a: Float64Array, b: Float64Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += a[i]! * b[i]!;
  return sum;
}
