/**
 * Turns class-probability columns into predicted class codes the rtemis way: binary ⇒ the
 * positive (2nd) level when its probability is ≥ 0.5; multiclass ⇒ arg-max (first on ties).
 */
export function decideClasses(probabilities: Float64Array[]): Float64Array {
  const K = probabilities.length;
  const n = K > 0 ? probabilities[0]!.length : 0;
  const out = new Float64Array(n);
  if (K === 2) {
    const positive = probabilities[1]!;
    for (let i = 0; i < n; i++) out[i] = positive[i]! >= 0.5 ? 1 : 0;
    return out;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestP = probabilities[0]![i]!;
    for (let k = 1; k < K; k++) {
      const p = probabilities[k]![i]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    out[i] = best;
  }
  return out;
}
