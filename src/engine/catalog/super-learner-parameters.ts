/**
 * SuperLearner's `algorithm.describe` arguments (rtemis `setup_SuperLearner()`, Appendix A).
 * rtemis's defaults for the library, the meta learner and the inner resampler are S7 objects
 * the R server cannot encode (rtemis-model §1.2 "known defect"); we describe them as objects in
 * the wire shape `train` accepts: `{algorithm, hyperparameters}` (an empty `hyperparameters`
 * means that algorithm's defaults) and a flat resampler object.
 */
import type { ParamSpec } from './schema-entry.js';

/** rtemis's default library: GLM, GLMNET and Ranger at their defaults. */
export const DEFAULT_BASE_LEARNERS = [
  { algorithm: 'GLM', hyperparameters: {} },
  { algorithm: 'GLMNET', hyperparameters: {} },
  { algorithm: 'Ranger', hyperparameters: {} },
] as const;

export const DEFAULT_META_LEARNER = { algorithm: 'NNLS', hyperparameters: {} } as const;

export const DEFAULT_INNER_RESAMPLING = { type: 'KFold', n_resamples: 10 } as const;

export const SUPER_LEARNER_PARAMETERS: readonly ParamSpec[] = [
  { name: 'base_learners', type: 'other', default: DEFAULT_BASE_LEARNERS, tunable: false, rule: { kind: 'object', container: 'array' } },
  { name: 'meta_learner', type: 'other', default: DEFAULT_META_LEARNER, tunable: false, rule: { kind: 'object' } },
  { name: 'inner_resampling_config', type: 'other', default: DEFAULT_INNER_RESAMPLING, tunable: false, rule: { kind: 'object' } },
  { name: 'discrete', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
  { name: 'expand_search_spaces', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];
