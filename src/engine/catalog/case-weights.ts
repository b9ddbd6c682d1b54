/**
 * Supervised algorithms whose rtemis backend takes no case weights: rtemis refuses a
 * `weights` column for them, so the config builder does too, at submission.
 */
import type { SupervisedAlgorithm } from '../config/types.js';

export const WITHOUT_CASE_WEIGHTS: ReadonlyMap<SupervisedAlgorithm, string> = new Map<SupervisedAlgorithm, string>([
  ['LinearSVM', 'e1071::svm'],
  ['RadialSVM', 'e1071::svm'],
]);
