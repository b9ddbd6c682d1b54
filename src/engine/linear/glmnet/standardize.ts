/**
 * glmnet's preparation of the data before coordinate descent (glmnetpp `Chkvars`,
 * `ElnetDriverBase::normalize_penalty`, `Standardize1`, `LStandardize1`). Weights are
 * normalised to sum to 1; means and standard deviations are weighted, with divisor 1
 * (population), and the columns are transformed in place.
 */

/** 1 for a variable that is not constant over the cases (only those enter the model). */
export function nonConstant(x: Float64Array[]): Uint8Array {
  return Uint8Array.from(x, (column) => {
    const first = column[0];
    for (let i = 1; i < column.length; i++) if (column[i] !== first) return 1;
    return 0;
  });
}

/** Penalty factors clipped at 0 and rescaled to sum to the number of variables. */
export function normalizePenalty(penalty: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(penalty, (value) => Math.max(0, value));
  let max = -Infinity;
  let sum = 0;
  for (let j = 0; j < penalty.length; j++) {
    max = Math.max(max, penalty[j]!);
    sum += out[j]!;
  }
  if (!(max > 0)) throw new Error('GLMNET: at least one penalty_factor must be positive.');
  for (let j = 0; j < out.length; j++) out[j] = (out[j]! * out.length) / sum;
  return out;
}

/** `w` divided by its sum, in place. */
export function normalizeWeights(w: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < w.length; i++) sum += w[i]!;
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / sum;
  return w;
}

export interface GaussianScaling {
  xm: Float64Array;
  xs: Float64Array;
  /** Squared norm of each transformed column (1 when standardised with an intercept). */
  xv: Float64Array;
  ym: number;
  ys: number;
}

/**
 * Gaussian (`Standardize1`): with `w` normalised and v = √w, columns become v·(x − x̄)/s
 * and y becomes v·(y − ȳ)/‖v·(y − ȳ)‖; without an intercept nothing is centred (but s is
 * still the centred standard deviation, and xv = 1 + x̄²/s²).
 */
export function standardizeGaussian(
  x: Float64Array[],
  y: Float64Array,
  w: Float64Array,
  standardize: boolean,
  intercept: boolean,
  included: Uint8Array,
): GaussianScaling {
  const p = x.length;
  const n = y.length;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sqrt(w[i]!);
  const xm = new Float64Array(p);
  const xs = new Float64Array(p).fill(1);
  const xv = new Float64Array(p);
  let ym = 0;
  if (intercept) {
    for (let j = 0; j < p; j++) {
      if (included[j] === 0) continue;
      const column = x[j]!;
      let mean = 0;
      for (let i = 0; i < n; i++) mean += w[i]! * column[i]!;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const value = v[i]! * (column[i]! - mean);
        column[i] = value;
        squares += value * value;
      }
      xm[j] = mean;
      xv[j] = squares;
      if (standardize) {
        const sd = Math.sqrt(squares);
        xs[j] = sd;
        for (let i = 0; i < n; i++) column[i] = column[i]! / sd;
        xv[j] = 1;
      }
    }
    for (let i = 0; i < n; i++) ym += w[i]! * y[i]!;
    for (let i = 0; i < n; i++) y[i] = v[i]! * (y[i]! - ym);
  } else {
    for (let j = 0; j < p; j++) {
      if (included[j] === 0) continue;
      const column = x[j]!;
      let squares = 0;
      let cross = 0;
      for (let i = 0; i < n; i++) {
        const value = v[i]! * column[i]!;
        column[i] = value;
        squares += value * value;
        cross += value * v[i]!;
      }
      xv[j] = squares;
      if (standardize) {
        const squaredMean = cross * cross;
        const variance = squares - squaredMean;
        const sd = Math.sqrt(variance);
        xs[j] = sd;
        for (let i = 0; i < n; i++) column[i] = column[i]! / sd;
        xv[j] = 1 + squaredMean / variance;
      }
    }
    for (let i = 0; i < n; i++) y[i] = v[i]! * y[i]!;
  }
  let norm = 0;
  for (let i = 0; i < n; i++) norm += y[i]! * y[i]!;
  const ys = Math.sqrt(norm);
  for (let i = 0; i < n; i++) y[i] = y[i]! / ys;
  return { xm, xs, xv, ym, ys };
}

/**
 * Logistic families (`LStandardize1`): with an intercept, columns are centred at their
 * weighted mean and, when standardising, divided by their weighted standard deviation;
 * without one, only divided. `xs` is 1 where nothing was scaled.
 */
export function standardizeLogistic(
  x: Float64Array[],
  w: Float64Array,
  standardize: boolean,
  intercept: boolean,
  included: Uint8Array,
): { xm: Float64Array; xs: Float64Array } {
  const p = x.length;
  const n = w.length;
  const xm = new Float64Array(p);
  const xs = new Float64Array(p).fill(1);
  for (let j = 0; j < p; j++) {
    if (included[j] === 0) continue;
    const column = x[j]!;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += w[i]! * column[i]!;
    if (intercept) {
      xm[j] = mean;
      for (let i = 0; i < n; i++) column[i] = column[i]! - mean;
    }
    if (!standardize) continue;
    let sd: number;
    if (intercept) {
      let squares = 0;
      for (let i = 0; i < n; i++) squares += w[i]! * column[i]! * column[i]!;
      sd = Math.sqrt(squares);
    } else {
      let squares = 0;
      for (let i = 0; i < n; i++) squares += w[i]! * column[i]! * column[i]!;
      sd = Math.sqrt(squares - mean * mean);
    }
    xs[j] = sd;
    for (let i = 0; i < n; i++) column[i] = column[i]! / sd;
  }
  return { xm, xs };
}
