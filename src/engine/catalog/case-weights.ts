/**
 * Supervised algorithms whose R backend takes no case weights, so rtemis refuses a `weights`
 * column for them: the config builder does too, at submission, naming what to use instead.
 */
import type { SupervisedAlgorithm } from '../config/types.js';

export interface WithoutCaseWeights {
  backend: string;
  /** What the user can do instead, when there is something. */
  alternative: string | null;
}

export const WITHOUT_CASE_WEIGHTS: ReadonlyMap<SupervisedAlgorithm, WithoutCaseWeights> = new Map<SupervisedAlgorithm, WithoutCaseWeights>([
  ['KNN', { backend: 'kknn', alternative: null }],
  ['LinearSVM', { backend: 'e1071::svm', alternative: 'use `ifw: true` for inverse frequency class weights' }],
  ['RadialSVM', { backend: 'e1071::svm', alternative: 'use `ifw: true` for inverse frequency class weights' }],
]);
