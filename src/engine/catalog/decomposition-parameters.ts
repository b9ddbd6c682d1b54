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

/** An algorithm is implemented when it has parameters here (and so a method in decomp/registry.ts). */
export const DECOMPOSITION_PARAMETERS: { readonly [A in DecompAlgorithm]: readonly ParamSpec[] } = {
  PCA,
};
