/**
 * Probability outputs as libsvm computes them: Platt's sigmoid fitted by Newton's method
 * with backtracking (Lin, Lin & Weng 2007; svm.cpp `sigmoid_train` / `sigmoid_predict`),
 * and pairwise coupling of the one-vs-one probabilities into class probabilities (Wu, Lin &
 * Weng 2004, method 2; svm.cpp `multiclass_probability`).
 */

export interface Sigmoid {
  A: number;
  B: number;
}

/** Fits P(y = +1 | f) = 1 / (1 + exp(A·f + B)) to decision values and ±1 labels. */
export function sigmoidTrain(decisionValues: Float64Array, labels: Int8Array): Sigmoid {
  const l = decisionValues.length;
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < l; i++) {
    if (labels[i]! > 0) prior1 += 1;
    else prior0 += 1;
  }
  const maxIterations = 100;
  const minStep = 1e-10;
  const sigma = 1e-12;
  const eps = 1e-5;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = Float64Array.from(labels, (label) => (label > 0 ? hiTarget : loTarget));
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));

  const objective = (a: number, b: number): number => {
    let f = 0;
    for (let i = 0; i < l; i++) {
      const fApB = decisionValues[i]! * a + b;
      f += fApB >= 0 ? t[i]! * fApB + Math.log(1 + Math.exp(-fApB)) : (t[i]! - 1) * fApB + Math.log(1 + Math.exp(fApB));
    }
    return f;
  };

  let fval = objective(A, B);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = decisionValues[i]! * A + B;
      let p: number;
      let q: number;
      if (fApB >= 0) {
        p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
        q = 1 / (1 + Math.exp(-fApB));
      } else {
        p = 1 / (1 + Math.exp(fApB));
        q = Math.exp(fApB) / (1 + Math.exp(fApB));
      }
      const d2 = p * q;
      const f = decisionValues[i]!;
      h11 += f * f * d2;
      h22 += d2;
      h21 += f * d2;
      const d1 = t[i]! - p;
      g1 += f * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < eps && Math.abs(g2) < eps) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= minStep) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newf = objective(newA, newB);
      if (newf < fval + 0.0001 * step * gd) {
        A = newA;
        B = newB;
        fval = newf;
        break;
      }
      step /= 2;
    }
    if (step < minStep) break;
  }
  return { A, B };
}

export function sigmoidPredict(decisionValue: number, { A, B }: Sigmoid): number {
  const fApB = decisionValue * A + B;
  // 1 − p is used later: avoid catastrophic cancellation.
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities p (length k) from pairwise probabilities r[i][j] ≈ P(i | i or j),
 * r[j][i] = 1 − r[i][j].
 */
export function coupleProbabilities(r: Float64Array[]): Float64Array {
  const k = r.length;
  const maxIterations = Math.max(100, k);
  const eps = 0.005 / k;
  const p = new Float64Array(k).fill(1 / k);
  const Q = Array.from({ length: k }, () => new Float64Array(k));
  const Qp = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    Q[t]![t] = 0;
    for (let j = 0; j < t; j++) {
      Q[t]![t] += r[j]![t]! * r[j]![t]!;
      Q[t]![j] = Q[j]![t]!;
    }
    for (let j = t + 1; j < k; j++) {
      Q[t]![t] += r[j]![t]! * r[j]![t]!;
      Q[t]![j] = -r[j]![t]! * r[t]![j]!;
    }
  }
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      Qp[t] = 0;
      for (let j = 0; j < k; j++) Qp[t] += Q[t]![j]! * p[j]!;
      pQp += p[t]! * Qp[t]!;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t]! - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t]![t]!;
      p[t] += diff;
      pQp = (pQp + diff * (diff * Q[t]![t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t]![j]!) / (1 + diff);
        p[j] = p[j]! / (1 + diff);
      }
    }
  }
  return p;
}
