/**
 * Supervised algorithms whose R backend takes no case weights, so rtemis aborts their fit when
 * given any: a `weights` column is refused at submission for them.
 */
import type { SupervisedAlgorithm } from '../config/types.js';

export const WITHOUT_CASE_WEIGHTS: ReadonlySet<SupervisedAlgorithm> = new Set<SupervisedAlgorithm>(['KNN']);
