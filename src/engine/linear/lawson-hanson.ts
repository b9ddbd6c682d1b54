/**
 * Non-negative least squares, min ‖Ax − b‖ subject to x ≥ 0, by the active-set method of
 * Lawson & Hanson (1974, ch. 23), the algorithm R's `nnls` package runs. Each passive-set
 * least-squares problem is solved by Householder QR on the original columns (not the normal
 * equations), so nearly collinear columns — a stacked ensemble's level-one predictions — stay
 * accurate. A column that is aliased with the passive set when it would enter is left at 0.
 */
import { WeightedLeastSquares } from './least-squares.js';

export interface NnlsFit {
  /** One per column of A, all ≥ 0. */
  coefficients: Float64Array;
  /** Residual sum of squares ‖Ax − b‖². */
  deviance: number;
}

// lm's tolerance for an aliased column inside a passive-set solve.
const ALIAS_TOLERANCE = 1e-7;

/** `columns`: A column-major (each of length n); `b`: the response. */
export function nnls(columns: Float64Array[], b: Float64Array): NnlsFit {
  const p = columns.length;
  const n = b.length;
  const x = new Float64Array(p);
  const passive = new Uint8Array(p);
  // Dual (gradient) tolerance relative to the problem's scale, as SciPy's port does.
  let maxAbs = 0;
  for (const column of columns) for (let i = 0; i < n; i++) maxAbs = Math.max(maxAbs, Math.abs(column[i]!));
  const tolerance = 10 * Number.EPSILON * maxAbs * Math.max(n, p) * Math.max(1, norm(b));
  const residual = Float64Array.from(b);
  const maxIterations = 3 * p + 10;

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = columns.map((column) => dot(column, residual));
    // Columns refused this round (aliased, or entering with a non-positive value).
    const refused = new Uint8Array(p);
    let entered = -1;
    while (entered < 0) {
      let best = -1;
      for (let j = 0; j < p; j++) {
        if (passive[j] === 0 && refused[j] === 0 && gradient[j]! > tolerance && (best < 0 || gradient[j]! > gradient[best]!)) best = j;
      }
      if (best < 0) break;
      passive[best] = 1;
      const z = solvePassive(columns, b, passive);
      if (Number.isFinite(z[best]!) && z[best]! > 0) entered = best;
      else {
        passive[best] = 0;
        refused[best] = 1;
      }
    }
    if (entered < 0) break;

    // Inner loop: step towards the unconstrained passive solution until it is feasible.
    for (let inner = 0; inner <= p; inner++) {
      const z = solvePassive(columns, b, passive);
      let alpha = 1;
      let feasible = true;
      for (let j = 0; j < p; j++) {
        if (passive[j] === 1 && !(z[j]! > 0)) {
          feasible = false;
          const zj = Number.isFinite(z[j]!) ? z[j]! : 0;
          const step = x[j]! / (x[j]! - zj);
          if (step < alpha) alpha = step;
        }
      }
      if (feasible) {
        x.set(z);
        break;
      }
      for (let j = 0; j < p; j++) {
        if (passive[j] === 0) continue;
        const zj = Number.isFinite(z[j]!) ? z[j]! : 0;
        x[j] = x[j]! + alpha * (zj - x[j]!);
        if (x[j]! <= 0 || !Number.isFinite(z[j]!)) {
          x[j] = 0;
          passive[j] = 0;
        }
      }
    }
    residualOf(columns, b, x, residual);
  }
  return { coefficients: x, deviance: dot(residual, residual) };
}

/** Unconstrained least squares on the passive columns; others 0, aliased NaN. */
function solvePassive(columns: Float64Array[], b: Float64Array, passive: Uint8Array): Float64Array {
  const indices: number[] = [];
  passive.forEach((flag, j) => {
    if (flag === 1) indices.push(j);
  });
  const solved = new WeightedLeastSquares(
    indices.map((j) => columns[j]!),
    b.length,
  ).solve(b, null, ALIAS_TOLERANCE).coefficients;
  const z = new Float64Array(passive.length);
  indices.forEach((j, k) => (z[j] = solved[k]!));
  return z;
}

function residualOf(columns: Float64Array[], b: Float64Array, x: Float64Array, into: Float64Array): void {
  into.set(b);
  columns.forEach((column, j) => {
    const coefficient = x[j]!;
    if (coefficient === 0) return;
    for (let i = 0; i < into.length; i++) into[i] = into[i]! - coefficient * column[i]!;
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function norm(values: Float64Array): number {
  return Math.sqrt(dot(values, values));
}
