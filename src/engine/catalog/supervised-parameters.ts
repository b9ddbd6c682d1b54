/**
 * `algorithm.describe` parameters of the implemented supervised algorithms: names, order,
 * describe types, defaults, choices and tunable flags as rtemis 1.3.7 reports them
 * (rtemis-reference/describe-responses.json), each with its declared value rule from the
 * published JSON Schemas (schemas/hyperparameters/<alg>/v1).
 *
 * Every argument is listed because the client renders the list and the run record echoes
 * it. Arguments that control only the R backends' storage, output, devices or threading
 * are accepted, validated and recorded but have no effect in the TypeScript engine:
 * - CART: model, maxcompete, xval;
 * - Ranger: write_forest, probability (classification always grows a probability forest,
 *   as rtemis does), min_bucket and time_interest (survival only), quantreg,
 *   local_importance, keep_inbag, oob_error, save_memory, verbose, node_stats;
 * - LightGBM / LightRF / LightCART: device_type, tree_learner, force_col_wise,
 *   force_row_wise, histogram_pool_size, deterministic.
 */
import type { SupervisedAlgorithm } from '../config/types.js';
import type { ParamSpec } from './schema-entry.js';
import { SUPER_LEARNER_PARAMETERS } from './super-learner-parameters.js';

const GLM: readonly ParamSpec[] = [
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const GLMNET_FAMILIES = ['gaussian', 'binomial', 'poisson', 'multinomial', 'cox', 'mgaussian'] as const;

const GLMNET: readonly ParamSpec[] = [
  { name: 'alpha', type: 'double', default: 1, tunable: true, rule: { kind: 'number', min: 0, max: 1 } },
  // rtemis passes a given family on as NULL (train_GLMNET), so glmnet fails: only null is implemented.
  { name: 'family', type: 'null', default: null, tunable: false, choices: GLMNET_FAMILIES, rule: { kind: 'string', nullable: true, enum: GLMNET_FAMILIES }, supported: [null] },
  // rtemis fits with an offset but predicts without one, which glmnet refuses: only null is implemented.
  { name: 'offset', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', minItems: 1 }, supported: [null] },
  { name: 'which_lambda_cv', type: 'character', default: 'lambda.1se', tunable: false, choices: ['lambda.1se', 'lambda.min'], rule: { kind: 'string', enum: ['lambda.1se', 'lambda.min'] } },
  { name: 'nlambda', type: 'integer', default: 100, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'lambda', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', min: 0, minItems: 1 }, tuneOnNull: true },
  { name: 'penalty_factor', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', min: 0, minItems: 1 } },
  { name: 'standardize', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'intercept', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'ifw', type: 'logical', default: true, tunable: true, rule: { kind: 'boolean' } },
];

const CART: readonly ParamSpec[] = [
  { name: 'cp', type: 'double', default: 0.01, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'maxdepth', type: 'integer', default: 20, tunable: true, rule: { kind: 'integer', min: 1, max: 30 } },
  { name: 'minsplit', type: 'integer', default: 2, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'minbucket', type: 'integer', default: 1, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'prune_cp', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0 } },
  { name: 'method', type: 'character', default: 'auto', tunable: false, choices: ['auto', 'anova', 'class', 'poisson', 'exp'], rule: { kind: 'string', enum: ['auto', 'anova', 'class', 'poisson', 'exp'] }, supported: ['auto', 'anova', 'class'] },
  { name: 'model', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'maxcompete', type: 'integer', default: 4, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'maxsurrogate', type: 'integer', default: 5, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'usesurrogate', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer', min: 0, max: 2 } },
  { name: 'surrogatestyle', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0, max: 1 } },
  { name: 'xval', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'cost', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', exclusiveMin: 0, minItems: 1 } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const Ranger: readonly ParamSpec[] = [
  { name: 'num_trees', type: 'integer', default: 500, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'mtry', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'importance', type: 'character', default: 'impurity', tunable: false, choices: ['none', 'impurity', 'impurity_corrected', 'permutation'], rule: { kind: 'string', enum: ['none', 'impurity', 'impurity_corrected', 'permutation'] }, supported: ['none', 'impurity', 'permutation'] },
  { name: 'write_forest', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'probability', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'min_node_size', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'min_bucket', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'max_depth', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true, min: 0 } },
  { name: 'replace', type: 'logical', default: true, tunable: true, rule: { kind: 'boolean' } },
  { name: 'sample_fraction', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, max: 1, exclusiveMin: 0 } },
  { name: 'case_weights', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', min: 0, minItems: 1 } },
  { name: 'class_weights', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', min: 0, minItems: 1 } },
  { name: 'splitrule', type: 'null', default: null, tunable: true, rule: { kind: 'string', nullable: true } },
  { name: 'num_random_splits', type: 'integer', default: 1, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'alpha', type: 'double', default: 0.5, tunable: true, rule: { kind: 'number', min: 0, max: 1 } },
  { name: 'minprop', type: 'double', default: 0.1, tunable: true, rule: { kind: 'number', min: 0, max: 1 } },
  { name: 'poisson_tau', type: 'double', default: 1, tunable: false, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'split_select_weights', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array-or-nested', min: 0, max: 1, minItems: 1 } },
  { name: 'always_split_variables', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true, container: 'array', minItems: 1 } },
  { name: 'respect_unordered_factors', type: 'null', default: null, tunable: false, choices: ['partition', 'ignore', 'order'], rule: { kind: 'string', nullable: true, enum: ['partition', 'ignore', 'order'] } },
  { name: 'scale_permutation_importance', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'local_importance', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'regularization_factor', type: 'double', default: 1, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'regularization_usedepth', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'keep_inbag', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'inbag', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, container: 'nested', min: 0, minItems: 1 } },
  { name: 'holdout', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'quantreg', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'time_interest', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', minItems: 1 } },
  { name: 'oob_error', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'save_memory', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'verbose', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'node_stats', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'seed', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true } },
  { name: 'na_action', type: 'character', default: 'na.learn', tunable: false, choices: ['na.learn', 'na.omit', 'na.fail'], rule: { kind: 'string', enum: ['na.learn', 'na.omit', 'na.fail'] } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

/*
 * The LightGBM family lists these runs of arguments identically and in the same describe order
 * (catalog.test.ts checks every list against the reference).
 */

/** LightGBM and LightRF, after their own round and sampling arguments. */
const LIGHT_ENSEMBLE_ARGS: readonly ParamSpec[] = [
  { name: 'lambda_l1', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'lambda_l2', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'max_cat_threshold', type: 'integer', default: 32, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'min_data_per_group', type: 'integer', default: 32, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'linear_tree', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
  { name: 'objective', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  { name: 'early_stopping_min_delta', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'deterministic', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'objective_seed', type: 'integer', default: 5, tunable: false, rule: { kind: 'integer' } },
  { name: 'force_row_wise', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'histogram_pool_size', type: 'double', default: -1, tunable: false, rule: { kind: 'number' } },
  { name: 'top_k', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'pos_bagging_fraction', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'neg_bagging_fraction', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'bagging_seed', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer' } },
  { name: 'feature_fraction_bynode', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'feature_fraction_seed', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer' } },
];

/** All three: tree-growing constraints and binning. */
const LIGHT_TREE_ARGS: readonly ParamSpec[] = [
  { name: 'cegb_tradeoff', type: 'double', default: 1, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'cegb_penalty_split', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'cegb_penalty_feature_lazy', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array-or-nested', min: 0, minItems: 1 } },
  { name: 'cegb_penalty_feature_coupled', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array-or-nested', min: 0, minItems: 1 } },
  { name: 'use_quantized_grad', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'num_grad_quant_bins', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true, min: 2 } },
  { name: 'quant_train_renew_leaf', type: 'null', default: null, tunable: false, rule: { kind: 'boolean', nullable: true } },
  { name: 'stochastic_rounding', type: 'null', default: null, tunable: false, rule: { kind: 'boolean', nullable: true } },
  { name: 'monotone_constraints', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, container: 'array', min: -1, max: 1, minItems: 1 } },
  { name: 'monotone_constraints_method', type: 'null', default: null, tunable: false, choices: ['basic', 'intermediate', 'advanced'], rule: { kind: 'string', nullable: true, enum: ['basic', 'intermediate', 'advanced'] } },
  { name: 'monotone_penalty', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0 } },
  { name: 'interaction_constraints', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  { name: 'feature_contri', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, container: 'array', minItems: 1 } },
  { name: 'min_data_in_leaf', type: 'integer', default: 20, tunable: true, rule: { kind: 'integer', min: 0 } },
  { name: 'min_sum_hessian_in_leaf', type: 'double', default: 0.001, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'min_gain_to_split', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'max_delta_step', type: 'double', default: 0, tunable: true, rule: { kind: 'number' } },
  { name: 'path_smooth', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'extra_trees', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
  { name: 'extra_seed', type: 'integer', default: 6, tunable: false, rule: { kind: 'integer' } },
  { name: 'linear_lambda', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0 } },
  { name: 'max_bin', type: 'integer', default: 255, tunable: true, rule: { kind: 'integer', min: 2 } },
  { name: 'min_data_in_bin', type: 'integer', default: 3, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'use_missing', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'zero_as_missing', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'cat_l2', type: 'double', default: 10, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'cat_smooth', type: 'double', default: 10, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'max_cat_to_onehot', type: 'integer', default: 4, tunable: true, rule: { kind: 'integer', min: 1 } },
];

/** All three: objective-specific arguments. */
const LIGHT_OBJECTIVE_ARGS: readonly ParamSpec[] = [
  { name: 'alpha', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, exclusiveMin: 0 } },
  { name: 'tweedie_variance_power', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 1, exclusiveMax: 2 } },
  { name: 'fair_c', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, exclusiveMin: 0 } },
  { name: 'poisson_max_delta_step', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, exclusiveMin: 0 } },
  { name: 'sigmoid', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, exclusiveMin: 0 } },
  { name: 'boost_from_average', type: 'null', default: null, tunable: false, rule: { kind: 'boolean', nullable: true } },
  { name: 'reg_sqrt', type: 'null', default: null, tunable: false, rule: { kind: 'boolean', nullable: true } },
];

const LightGBM: readonly ParamSpec[] = [
  { name: 'max_nrounds', type: 'integer', default: 1000, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'force_nrounds', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 1 }, tuneOnNull: true },
  { name: 'early_stopping_rounds', type: 'integer', default: 10, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'num_leaves', type: 'integer', default: 8, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'max_depth', type: 'integer', default: -1, tunable: true, rule: { kind: 'integer' } },
  { name: 'learning_rate', type: 'double', default: 0.01, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'feature_fraction', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'bagging_fraction', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'bagging_freq', type: 'integer', default: 1, tunable: true, rule: { kind: 'integer', min: 1 } },
  ...LIGHT_ENSEMBLE_ARGS,
  ...LIGHT_TREE_ARGS,
  { name: 'boosting', type: 'character', default: 'gbdt', tunable: false, choices: ['gbdt', 'rf', 'dart'], rule: { kind: 'string', enum: ['gbdt', 'rf', 'dart'] }, supported: ['gbdt', 'rf'] },
  { name: 'data_sample_strategy', type: 'character', default: 'bagging', tunable: false, choices: ['bagging', 'goss'], rule: { kind: 'string', enum: ['bagging', 'goss'] }, supported: ['bagging'] },
  { name: 'drop_rate', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0, max: 1 } },
  { name: 'max_drop', type: 'null', default: null, tunable: true, rule: { kind: 'integer', nullable: true } },
  { name: 'skip_drop', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0, max: 1 } },
  { name: 'uniform_drop', type: 'null', default: null, tunable: true, rule: { kind: 'boolean', nullable: true } },
  { name: 'xgboost_dart_mode', type: 'null', default: null, tunable: true, rule: { kind: 'boolean', nullable: true } },
  { name: 'drop_seed', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true } },
  { name: 'top_rate', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0, max: 1 } },
  { name: 'other_rate', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, min: 0, max: 1 } },
  ...LIGHT_OBJECTIVE_ARGS,
  { name: 'device_type', type: 'character', default: 'cpu', tunable: false, choices: ['cpu', 'gpu', 'cuda'], rule: { kind: 'string', enum: ['cpu', 'gpu', 'cuda'] } },
  { name: 'tree_learner', type: 'character', default: 'serial', tunable: false, choices: ['serial', 'feature', 'data', 'voting'], rule: { kind: 'string', enum: ['serial', 'feature', 'data', 'voting'] } },
  { name: 'force_col_wise', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
];

const LightRF: readonly ParamSpec[] = [
  { name: 'nrounds', type: 'integer', default: 500, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'num_leaves', type: 'integer', default: 4096, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'max_depth', type: 'integer', default: -1, tunable: true, rule: { kind: 'integer' } },
  { name: 'feature_fraction', type: 'null', default: null, tunable: true, rule: { kind: 'number', nullable: true, max: 1, exclusiveMin: 0 } },
  { name: 'bagging_fraction', type: 'double', default: 0.623, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  ...LIGHT_ENSEMBLE_ARGS,
  ...LIGHT_TREE_ARGS,
  ...LIGHT_OBJECTIVE_ARGS,
  { name: 'device_type', type: 'character', default: 'cpu', tunable: false, choices: ['cpu', 'gpu', 'cuda'], rule: { kind: 'string', enum: ['cpu', 'gpu', 'cuda'] } },
  { name: 'tree_learner', type: 'character', default: 'serial', tunable: false, choices: ['serial', 'feature', 'data', 'voting'], rule: { kind: 'string', enum: ['serial', 'feature', 'data', 'voting'] } },
  { name: 'force_col_wise', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
];

const LightCART: readonly ParamSpec[] = [
  { name: 'num_leaves', type: 'integer', default: 32, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'max_depth', type: 'integer', default: -1, tunable: true, rule: { kind: 'integer' } },
  { name: 'lambda_l1', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'lambda_l2', type: 'double', default: 0, tunable: true, rule: { kind: 'number', min: 0 } },
  { name: 'max_cat_threshold', type: 'integer', default: 32, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'min_data_per_group', type: 'integer', default: 100, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'linear_tree', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
  { name: 'objective', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  { name: 'device_type', type: 'character', default: 'cpu', tunable: false, choices: ['cpu', 'gpu', 'cuda'], rule: { kind: 'string', enum: ['cpu', 'gpu', 'cuda'] } },
  { name: 'force_col_wise', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'feature_fraction', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'feature_fraction_bynode', type: 'double', default: 1, tunable: true, rule: { kind: 'number', max: 1, exclusiveMin: 0 } },
  { name: 'feature_fraction_seed', type: 'integer', default: 2, tunable: false, rule: { kind: 'integer' } },
  { name: 'deterministic', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'objective_seed', type: 'integer', default: 5, tunable: false, rule: { kind: 'integer' } },
  { name: 'force_row_wise', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'histogram_pool_size', type: 'double', default: -1, tunable: false, rule: { kind: 'number' } },
  ...LIGHT_TREE_ARGS,
  ...LIGHT_OBJECTIVE_ARGS,
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const LinearSVM: readonly ParamSpec[] = [
  { name: 'cost', type: 'double', default: 1, tunable: true, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const RadialSVM: readonly ParamSpec[] = [
  { name: 'cost', type: 'double', default: 1, tunable: true, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'gamma', type: 'double', default: 0.01, tunable: true, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const Isotonic: readonly ParamSpec[] = [
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const NNLS: readonly ParamSpec[] = [
  { name: 'normalize', type: 'logical', default: true, tunable: true, rule: { kind: 'boolean' } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' } },
];

const KNN_KERNELS = ['rectangular', 'triangular', 'epanechnikov', 'biweight', 'triweight', 'cos', 'inv', 'gaussian', 'rank', 'optimal'];

// rtemis aborts a KNN fit with `ifw = TRUE` (kknn takes no case weights): refused at submission.
const KNN: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 7, tunable: true, rule: { kind: 'integer', min: 1 } },
  { name: 'kernel', type: 'character', default: 'optimal', tunable: true, choices: KNN_KERNELS, rule: { kind: 'string', enum: KNN_KERNELS } },
  { name: 'distance', type: 'double', default: 2, tunable: true, rule: { kind: 'number', exclusiveMin: 0 } },
  { name: 'scale', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'ifw', type: 'logical', default: false, tunable: true, rule: { kind: 'boolean' }, supported: [false] },
];

export const SUPERVISED_PARAMETERS: Readonly<Record<SupervisedAlgorithm, readonly ParamSpec[]>> = {
  GLM,
  GLMNET,
  CART,
  Ranger,
  LightGBM,
  LightRF,
  LightCART,
  Isotonic,
  NNLS,
  SuperLearner: SUPER_LEARNER_PARAMETERS,
  KNN,
  LinearSVM,
  RadialSVM,
};
