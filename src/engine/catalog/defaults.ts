/**
 * Default hyperparameters of a supervised algorithm, read from the catalogue: the one place
 * rtemis's defaults are written down (the config builder fills blocks from the same specs).
 */
import type { HyperparametersOf, SupervisedAlgorithm } from '../config/types.js';
import { SUPERVISED_PARAMETERS } from './supervised-parameters.js';

/** A fresh object with every describe argument of `algorithm` at its default, in describe order. */
export function defaultHyperparameters<A extends SupervisedAlgorithm>(algorithm: A): HyperparametersOf[A] {
  const entries = SUPERVISED_PARAMETERS[algorithm].map((spec) => [spec.name, structuredClone(spec.default)]);
  // Specs type defaults loosely (DescribeDefault); HyperparametersOf transcribes the same schemas.
  return Object.fromEntries(entries) as HyperparametersOf[A];
}
