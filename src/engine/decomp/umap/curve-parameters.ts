/**
 * UMAP's output kernel 1 / (1 + a·d^(2b)), with a and b fitted (least squares, as uwot's
 * `find_ab_params` does with `nls`) to the curve that is 1 below `min_dist` and
 * exp(−(d − min_dist)/spread) above it, on 300 points of [0, 3·spread].
 */
export interface CurveParameters {
  a: number;
  b: number;
}

export function fitCurveParameters(spread: number, minDist: number): CurveParameters {
  const points = 300;
  const x = Float64Array.from({ length: points }, (_, i) => (3 * spread * i) / (points - 1));
  const y = x.map((value) => (value < minDist ? 1 : Math.exp(-(value - minDist) / spread)));
  // Levenberg–Marquardt from a = b = 1, nls's start.
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let error = sumOfSquares(x, y, a, b);
  for (let iteration = 0; iteration < 200; iteration++) {
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < points; i++) {
      if (x[i] === 0) continue;
      const power = x[i]! ** (2 * b);
      const denominator = 1 + a * power;
      const residual = y[i]! - 1 / denominator;
      const da = -power / denominator ** 2;
      const db = (-a * power * 2 * Math.log(x[i]!)) / denominator ** 2;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * residual;
      gb += db * residual;
    }
    const daa = jaa * (1 + lambda);
    const dbb = jbb * (1 + lambda);
    const determinant = daa * dbb - jab * jab;
    const stepA = (dbb * ga - jab * gb) / determinant;
    const stepB = (daa * gb - jab * ga) / determinant;
    const nextError = sumOfSquares(x, y, a + stepA, b + stepB);
    if (nextError < error) {
      const improvement = error - nextError;
      a += stepA;
      b += stepB;
      error = nextError;
      lambda /= 10;
      if (improvement < 1e-14 * Math.max(error, 1e-300)) break;
    } else {
      lambda *= 10;
      if (lambda > 1e12) break;
    }
  }
  return { a, b };
}

function sumOfSquares(x: Float64Array, y: Float64Array, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (y[i]! - 1 / (1 + a * x[i]! ** (2 * b))) ** 2;
  return sum;
}
