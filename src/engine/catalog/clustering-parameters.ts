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

/** rtemis 1.3.7 `setup_KMeans()`, `setup_HardCL()` and `setup_NeuralGas()` arguments. */
const FLEXCLUST: readonly ParamSpec[] = [{ name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } }, DIST];

/** rtemis 1.3.7 `setup_CMeans()` arguments (e1071::cmeans). */
const CMeans: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'max_iter', type: 'integer', default: 100, tunable: false, rule: { kind: 'integer', min: 1 } },
  DIST,
  { name: 'method', type: 'character', default: 'cmeans', tunable: false, choices: ['cmeans', 'ufcl'], rule: { kind: 'string', enum: ['cmeans', 'ufcl'] } },
  { name: 'm', type: 'double', default: 2, tunable: false, rule: { kind: 'number', exclusiveMin: 1 } },
  { name: 'rate_par', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, min: 0, max: 1 } },
  // A scalar for every case or one value per case (checked against the data when the job runs).
  { name: 'weights', type: 'double', default: 1, tunable: false, rule: { kind: 'number', container: 'array', min: 0, minItems: 1 } },
  // e1071 reads only `reltol` from its control list.
  { name: 'control', type: 'other', default: [], tunable: false, rule: { kind: 'object', properties: { reltol: { kind: 'number', exclusiveMin: 0 } } } },
];

/**
 * rtemis 1.3.7 `setup_DBSCAN()` arguments (dbscan::dbscan). `search`, `bucket_size` and
 * `split_rule` choose how neighbours are found, not which: accepted, with no effect on the
 * result. Approximate search is not implemented.
 */
const DBSCAN: readonly ParamSpec[] = [
  { name: 'eps', type: 'double', default: 0.5, tunable: false, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'min_points', type: 'integer', default: 5, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'weights', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', minItems: 1 } },
  { name: 'border_points', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'search', type: 'character', default: 'kdtree', tunable: false, choices: ['kdtree', 'linear', 'dist'], rule: { kind: 'string', enum: ['kdtree', 'linear', 'dist'] } },
  { name: 'bucket_size', type: 'integer', default: 100, tunable: false, rule: { kind: 'integer', min: 1 } },
  {
    name: 'split_rule',
    type: 'character',
    default: 'SUGGEST',
    tunable: false,
    choices: ['SUGGEST', 'STD', 'MIDPT', 'FAIR', 'SL_MIDPT', 'SL_FAIR'],
    rule: { kind: 'string', enum: ['SUGGEST', 'STD', 'MIDPT', 'FAIR', 'SL_MIDPT', 'SL_FAIR'] },
  },
  { name: 'approx', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' }, supported: [false] },
];

/** An algorithm is implemented when it has parameters here (and so a method in cluster/registry.ts). */
export const CLUSTERING_PARAMETERS: { readonly [A in ClusterAlgorithm]: readonly ParamSpec[] } = {
  CMeans,
  DBSCAN,
  HardCL: FLEXCLUST,
  KMeans: FLEXCLUST,
  NeuralGas: FLEXCLUST,
};
