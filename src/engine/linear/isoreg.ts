/**
 * Isotonic (non-decreasing) least-squares regression on one predictor, as R's
 * `stats::isoreg` fits it and `as.stepfun()` turns it into a predictor: cases ordered by x
 * (ties by decreasing y), fitted values = the greatest convex minorant of the cumulative sums
 * (pool-adjacent-violators), knots at the last case of each block, and a left-continuous step
 * function through them: f(t) = the value of the first block whose last x is ≥ t, and the
 * last block's value beyond the largest x.
 */

export interface IsotonicFit {
  /** x at each block's last case, non-decreasing. */
  knots: Float64Array;
  /** Fitted value of each block, non-decreasing. */
  values: Float64Array;
}

/** Fits y on x; both of length n ≥ 1, no missing values. */
export function isoreg(x: ArrayLike<number>, y: ArrayLike<number>): IsotonicFit {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || y[b]! - y[a]!);
  // Blocks as a stack of (sum, count, last index); a block is pooled with its predecessor while
  // its mean is lower (strictly, so equal means stay separate blocks, as isoreg's knots do).
  const sums: number[] = [];
  const counts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < n; k++) {
    let sum = y[order[k]!]!;
    let count = 1;
    while (sums.length > 0 && sums.at(-1)! / counts.at(-1)! > sum / count) {
      sum += sums.pop()!;
      count += counts.pop()!;
      ends.pop();
    }
    sums.push(sum);
    counts.push(count);
    ends.push(k);
  }
  return {
    knots: Float64Array.from(ends, (end) => x[order[end]!]!),
    values: Float64Array.from(sums, (sum, b) => sum / counts[b]!),
  };
}

/** The step function of `fit` at each t (R's `as.stepfun(isoreg)`, right-closed steps). */
export function isotonicPredict(fit: IsotonicFit, t: ArrayLike<number>): Float64Array {
  const { knots, values } = fit;
  const last = values.length - 1;
  return Float64Array.from({ length: t.length }, (_, i) => {
    const value = t[i]!;
    if (Number.isNaN(value)) return NaN;
    // First knot ≥ value (binary search); beyond the last knot: the last value.
    let low = 0;
    let high = knots.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (knots[middle]! < value) low = middle + 1;
      else high = middle;
    }
    return values[Math.min(low, last)]!;
  });
}
