/** In-bag sampling for bagged trees, drawing only from the fit's seeded generator. */

/**
 * Writes per-case in-bag counts into `counts`: `size` draws with replacement (probability ∝
 * `weights` when given) or a `size`-subset without replacement.
 */
export function drawInBag(
  counts: Float64Array,
  size: number,
  replace: boolean,
  weights: Float64Array | null,
  cumulative: Float64Array | null,
  random: () => number,
  scratch: Int32Array,
): void {
  const n = counts.length;
  counts.fill(0);
  if (replace) {
    if (cumulative === null) {
      for (let s = 0; s < size; s++) counts[Math.floor(random() * n)] += 1;
      return;
    }
    const total = cumulative[n - 1]!;
    for (let s = 0; s < size; s++) {
      const u = random() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      counts[lo] += 1;
    }
    return;
  }
  if (weights === null) {
    for (let i = 0; i < n; i++) scratch[i] = i;
    for (let s = 0; s < size; s++) {
      const j = s + Math.floor(random() * (n - s));
      const t = scratch[s]!;
      scratch[s] = scratch[j]!;
      scratch[j] = t;
      counts[scratch[s]!] = 1;
    }
    return;
  }
  // Weighted sampling without replacement (Efraimidis–Spirakis keys u^(1/w), largest first).
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = weights[i]! > 0 ? Math.log(random()) / weights[i]! : -Infinity;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[b]! - keys[a]!);
  for (let s = 0; s < Math.min(size, n); s++) if (keys[order[s]!]! > -Infinity) counts[order[s]!] = 1;
}

export function cumulativeWeights(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += Math.max(0, weights[i]!);
    out[i] = total;
  }
  return out;
}
