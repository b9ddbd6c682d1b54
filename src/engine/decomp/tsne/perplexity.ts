/**
 * Rtsne's perplexity calibration (bhtsne computeGaussianPerplexity / computeProbabilities):
 * per case, a binary search on the Gaussian precision beta (doubling or halving until
 * bracketed, at most 200 steps) until the entropy of the conditional distribution
 * p_j|i ∝ exp(−beta·d²_ij) is within 1e-5 nats of log(perplexity); the row is then
 * normalised.
 */
const TOLERANCE = 1e-5;
const MAX_STEPS = 200;
const DBL_MIN = 2.2250738585072014e-308;

/**
 * Fills `out[0..count)` with the conditional probabilities for the squared distances
 * `squared[offset..offset+count)` and returns the entropy reached (nats). `skip` (≥ 0) is a
 * position whose probability is forced to DBL_MIN before normalising (the case itself, in
 * the exact all-pairs form), or −1.
 */
export function calibrateRow(squared: Float64Array, offset: number, count: number, perplexity: number, out: Float64Array, outOffset: number, skip: number): number {
  let beta = 1;
  let minBeta = -Infinity;
  let maxBeta = Infinity;
  const target = Math.log(perplexity);
  let sum = DBL_MIN;
  let entropy = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    sum = DBL_MIN;
    let weighted = 0;
    for (let m = 0; m < count; m++) {
      const value = m === skip ? DBL_MIN : Math.exp(-beta * squared[offset + m]!);
      out[outOffset + m] = value;
      sum += value;
      weighted += beta * squared[offset + m]! * value;
    }
    entropy = weighted / sum + Math.log(sum);
    const difference = entropy - target;
    if (difference < TOLERANCE && -difference < TOLERANCE) break;
    if (difference > 0) {
      minBeta = beta;
      beta = maxBeta === Infinity ? beta * 2 : (beta + maxBeta) / 2;
    } else {
      maxBeta = beta;
      beta = minBeta === -Infinity ? beta / 2 : (beta + minBeta) / 2;
    }
  }
  for (let m = 0; m < count; m++) out[outOffset + m] /= sum;
  return entropy;
}
