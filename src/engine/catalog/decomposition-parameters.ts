/**
 * `decomp.algorithm.describe` parameters of the implemented decompositions: names, order,
 * describe types, defaults and choices as rtemis 1.3.7 reports them
 * (rtemis-reference/describe-responses.json), each with its value rule from Appendix B of
 * rtemis-model.md. Nothing is tunable. Every decomposition ends with `features`.
 */
import type { DecompAlgorithm } from '../config/types.js';
import type { ParamSpec } from './schema-entry.js';

/** `features`: numeric columns to decompose (≥ 2 distinct names); null = all numeric features. */
const FEATURES: ParamSpec = {
  name: 'features',
  type: 'null',
  default: null,
  tunable: false,
  rule: { kind: 'string', nullable: true, container: 'array', minItems: 2, uniqueItems: true },
};

/** rtemis 1.3.7 `setup_PCA()` arguments. */
const PCA: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'center', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'scale', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'tol', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, min: 0 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_ICA()` arguments (fastICA). */
const ICA: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'type', type: 'character', default: 'parallel', tunable: false, choices: ['parallel', 'deflation'], rule: { kind: 'string', enum: ['parallel', 'deflation'] } },
  { name: 'fun', type: 'character', default: 'logcosh', tunable: false, choices: ['logcosh', 'exp'], rule: { kind: 'string', enum: ['logcosh', 'exp'] } },
  { name: 'alpha', type: 'double', default: 1, tunable: false, rule: { kind: 'number', min: 1, max: 2 } },
  { name: 'row_norm', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'maxit', type: 'integer', default: 100, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'tol', type: 'double', default: 0.0001, tunable: false, rule: { kind: 'number', min: 0 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_NMF()` arguments (NMF::nmf); only Brunet's updates are implemented. */
const NMF: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'method', type: 'character', default: 'brunet', tunable: false, rule: { kind: 'string' }, supported: ['brunet'] },
  { name: 'nrun', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 1 } },
  FEATURES,
];

/** rtemis 1.3.7 `setup_Isomap()` arguments (vegan::isomap). */
const Isomap: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'dist_method', type: 'character', default: 'euclidean', tunable: false, choices: ['euclidean', 'manhattan'], rule: { kind: 'string', enum: ['euclidean', 'manhattan'] } },
  { name: 'nsd', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'path', type: 'character', default: 'shortest', tunable: false, choices: ['shortest', 'extended'], rule: { kind: 'string', enum: ['shortest', 'extended'] } },
  FEATURES,
];

/** An algorithm is implemented when it has parameters here (and so a method in decomp/registry.ts). */
export const DECOMPOSITION_PARAMETERS: { readonly [A in DecompAlgorithm]: readonly ParamSpec[] } = {
  PCA,
  ICA,
  NMF,
  Isomap,
};
