/**
 * Inverse frequency weighting (rtemis `ifw()`): each case is weighted by the inverse
 * of its class's share, scaled so the most frequent class weighs 1. rtemis computes
 * these after preprocessing, on the training cases of the model being fitted, and
 * refuses them together with user case weights.
 */

/** Per-class weights (index = class code); a class with no cases gets 0. */
export function inverseFrequencyClassWeights(classCodes: Float64Array, nClasses: number): Float64Array {
  const counts = new Float64Array(nClasses);
  for (const code of classCodes) counts[code]++;
  let largest = 0;
  for (const count of counts) largest = Math.max(largest, count);
  return counts.map((count) => (count > 0 ? largest / count : 0));
}

/** Per-case weights, ready for `TrainingData.weights`. */
export function inverseFrequencyWeights(classCodes: Float64Array, nClasses: number): Float64Array {
  const classWeights = inverseFrequencyClassWeights(classCodes, nClasses);
  return classCodes.map((code) => classWeights[code]!);
}
