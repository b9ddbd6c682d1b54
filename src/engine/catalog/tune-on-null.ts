/**
 * rtemis-model §1.3 "tune-on-null": a hyperparameter whose null means "let the inner fits
 * of a grid search resolve it" (GLMNET `lambda`: cv.glmnet; LightGBM `force_nrounds`:
 * early stopping). Left null, it makes the run tune even without search spaces.
 */
import type { SupervisedAlgorithm } from '../config/types.js';
import { SUPERVISED_PARAMETERS } from './supervised-parameters.js';

/** Whether `hyperparameters` leave a tune-on-null hyperparameter of `algorithm` null. */
export function tunesOnNull(algorithm: SupervisedAlgorithm, hyperparameters: Record<string, unknown>): boolean {
  return SUPERVISED_PARAMETERS[algorithm].some((spec) => spec.tuneOnNull === true && hyperparameters[spec.name] === null);
}
