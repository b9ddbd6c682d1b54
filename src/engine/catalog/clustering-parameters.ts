/**
 * `cluster.algorithm.describe` parameters of the implemented clusterings: names, order,
 * describe types, defaults and choices as rtemis 1.3.7 reports them
 * (rtemis-reference/describe-responses.json), each with its value rule from Appendix B of
 * rtemis-model.md. Nothing is tunable.
 */
import type { ClusterAlgorithm } from '../config/types.js';
import type { ParamSpec } from './schema-entry.js';

const DIST: ParamSpec = {
  name: 'dist',
  type: 'character',
  default: 'euclidean',
  tunable: false,
  choices: ['euclidean', 'manhattan'],
  rule: { kind: 'string', enum: ['euclidean', 'manhattan'] },
};

/** rtemis 1.3.7 `setup_KMeans()` arguments. */
const KMeans: readonly ParamSpec[] = [{ name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } }, DIST];

/** An algorithm is implemented when it has parameters here (and so a method in cluster/registry.ts). */
export const CLUSTERING_PARAMETERS: { readonly [A in ClusterAlgorithm]: readonly ParamSpec[] } = {
  KMeans,
};
