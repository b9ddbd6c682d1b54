/**
 * Hyperparameters of the LightGBM family as rtemis describes them (names, order and defaults of
 * `algorithm.describe`, rtemis-reference/describe-responses.json).
 */

export interface LightgbmHyperparameters {
  /**
   * Resolved number of rounds (rtemis state, not in `describe`): set by the tuner to the
   * averaged best iteration for the refit. Null/absent ⇒ `max_nrounds` with early stopping
   * when a validation set is given.
   */
  nrounds?: number | null;
  max_nrounds: number;
  force_nrounds: number | null;
  early_stopping_rounds: number;
  num_leaves: number;
  max_depth: number;
  learning_rate: number;
  feature_fraction: number;
  bagging_fraction: number;
  bagging_freq: number;
  lambda_l1: number;
  lambda_l2: number;
  max_cat_threshold: number;
  min_data_per_group: number;
  linear_tree: boolean;
  ifw: boolean;
  objective: string | null;
  early_stopping_min_delta: number;
  deterministic: boolean;
  objective_seed: number;
  force_row_wise: boolean;
  histogram_pool_size: number;
  top_k: number | null;
  pos_bagging_fraction: number;
  neg_bagging_fraction: number;
  bagging_seed: number;
  feature_fraction_bynode: number;
  feature_fraction_seed: number;
  cegb_tradeoff: number;
  cegb_penalty_split: number;
  cegb_penalty_feature_lazy: number | number[] | null;
  cegb_penalty_feature_coupled: number | number[] | null;
  use_quantized_grad: boolean;
  num_grad_quant_bins: number | null;
  quant_train_renew_leaf: boolean | null;
  stochastic_rounding: boolean | null;
  monotone_constraints: number[] | null;
  monotone_constraints_method: 'basic' | 'intermediate' | 'advanced' | null;
  monotone_penalty: number | null;
  interaction_constraints: string | null;
  feature_contri: number[] | null;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  min_gain_to_split: number;
  max_delta_step: number;
  path_smooth: number;
  extra_trees: boolean;
  extra_seed: number;
  linear_lambda: number | null;
  max_bin: number;
  min_data_in_bin: number;
  use_missing: boolean;
  zero_as_missing: boolean;
  cat_l2: number;
  cat_smooth: number;
  max_cat_to_onehot: number;
  boosting: 'gbdt' | 'rf' | 'dart';
  data_sample_strategy: 'bagging' | 'goss';
  drop_rate: number | null;
  max_drop: number | null;
  skip_drop: number | null;
  uniform_drop: boolean | null;
  xgboost_dart_mode: boolean | null;
  drop_seed: number | null;
  top_rate: number | null;
  other_rate: number | null;
  alpha: number | null;
  tweedie_variance_power: number | null;
  fair_c: number | null;
  poisson_max_delta_step: number | null;
  sigmoid: number | null;
  boost_from_average: boolean | null;
  reg_sqrt: boolean | null;
  device_type: 'cpu' | 'gpu' | 'cuda';
  tree_learner: 'serial' | 'feature' | 'data' | 'voting';
  force_col_wise: boolean;
}

export const lightgbmDefaults: LightgbmHyperparameters = {
  max_nrounds: 1000,
  force_nrounds: null,
  early_stopping_rounds: 10,
  num_leaves: 8,
  max_depth: -1,
  learning_rate: 0.01,
  feature_fraction: 1,
  bagging_fraction: 1,
  bagging_freq: 1,
  lambda_l1: 0,
  lambda_l2: 0,
  max_cat_threshold: 32,
  min_data_per_group: 32,
  linear_tree: false,
  ifw: false,
  objective: null,
  early_stopping_min_delta: 0,
  deterministic: false,
  objective_seed: 5,
  force_row_wise: false,
  histogram_pool_size: -1,
  top_k: null,
  pos_bagging_fraction: 1,
  neg_bagging_fraction: 1,
  bagging_seed: 3,
  feature_fraction_bynode: 1,
  feature_fraction_seed: 2,
  cegb_tradeoff: 1,
  cegb_penalty_split: 0,
  cegb_penalty_feature_lazy: null,
  cegb_penalty_feature_coupled: null,
  use_quantized_grad: false,
  num_grad_quant_bins: null,
  quant_train_renew_leaf: null,
  stochastic_rounding: null,
  monotone_constraints: null,
  monotone_constraints_method: null,
  monotone_penalty: null,
  interaction_constraints: null,
  feature_contri: null,
  min_data_in_leaf: 20,
  min_sum_hessian_in_leaf: 0.001,
  min_gain_to_split: 0,
  max_delta_step: 0,
  path_smooth: 0,
  extra_trees: false,
  extra_seed: 6,
  linear_lambda: null,
  max_bin: 255,
  min_data_in_bin: 3,
  use_missing: true,
  zero_as_missing: false,
  cat_l2: 10,
  cat_smooth: 10,
  max_cat_to_onehot: 4,
  boosting: 'gbdt',
  data_sample_strategy: 'bagging',
  drop_rate: null,
  max_drop: null,
  skip_drop: null,
  uniform_drop: null,
  xgboost_dart_mode: null,
  drop_seed: null,
  top_rate: null,
  other_rate: null,
  alpha: null,
  tweedie_variance_power: null,
  fair_c: null,
  poisson_max_delta_step: null,
  sigmoid: null,
  boost_from_average: null,
  reg_sqrt: null,
  device_type: 'cpu',
  tree_learner: 'serial',
  force_col_wise: true,
};

export interface LightrfHyperparameters {
  nrounds: number;
  num_leaves: number;
  max_depth: number;
  feature_fraction: number | null;
  bagging_fraction: number;
  lambda_l1: number;
  lambda_l2: number;
  max_cat_threshold: number;
  min_data_per_group: number;
  linear_tree: boolean;
  ifw: boolean;
  objective: string | null;
  early_stopping_min_delta: number;
  deterministic: boolean;
  objective_seed: number;
  force_row_wise: boolean;
  histogram_pool_size: number;
  top_k: number | null;
  pos_bagging_fraction: number;
  neg_bagging_fraction: number;
  bagging_seed: number;
  feature_fraction_bynode: number;
  feature_fraction_seed: number;
  cegb_tradeoff: number;
  cegb_penalty_split: number;
  cegb_penalty_feature_lazy: number | number[] | null;
  cegb_penalty_feature_coupled: number | number[] | null;
  use_quantized_grad: boolean;
  num_grad_quant_bins: number | null;
  quant_train_renew_leaf: boolean | null;
  stochastic_rounding: boolean | null;
  monotone_constraints: number[] | null;
  monotone_constraints_method: 'basic' | 'intermediate' | 'advanced' | null;
  monotone_penalty: number | null;
  interaction_constraints: string | null;
  feature_contri: number[] | null;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  min_gain_to_split: number;
  max_delta_step: number;
  path_smooth: number;
  extra_trees: boolean;
  extra_seed: number;
  linear_lambda: number | null;
  max_bin: number;
  min_data_in_bin: number;
  use_missing: boolean;
  zero_as_missing: boolean;
  cat_l2: number;
  cat_smooth: number;
  max_cat_to_onehot: number;
  alpha: number | null;
  tweedie_variance_power: number | null;
  fair_c: number | null;
  poisson_max_delta_step: number | null;
  sigmoid: number | null;
  boost_from_average: boolean | null;
  reg_sqrt: boolean | null;
  device_type: 'cpu' | 'gpu' | 'cuda';
  tree_learner: 'serial' | 'feature' | 'data' | 'voting';
  force_col_wise: boolean;
}

export const lightrfDefaults: LightrfHyperparameters = {
  nrounds: 500,
  num_leaves: 4096,
  max_depth: -1,
  feature_fraction: null,
  bagging_fraction: 0.623,
  lambda_l1: 0,
  lambda_l2: 0,
  max_cat_threshold: 32,
  min_data_per_group: 32,
  linear_tree: false,
  ifw: false,
  objective: null,
  early_stopping_min_delta: 0,
  deterministic: false,
  objective_seed: 5,
  force_row_wise: false,
  histogram_pool_size: -1,
  top_k: null,
  pos_bagging_fraction: 1,
  neg_bagging_fraction: 1,
  bagging_seed: 3,
  feature_fraction_bynode: 1,
  feature_fraction_seed: 2,
  cegb_tradeoff: 1,
  cegb_penalty_split: 0,
  cegb_penalty_feature_lazy: null,
  cegb_penalty_feature_coupled: null,
  use_quantized_grad: false,
  num_grad_quant_bins: null,
  quant_train_renew_leaf: null,
  stochastic_rounding: null,
  monotone_constraints: null,
  monotone_constraints_method: null,
  monotone_penalty: null,
  interaction_constraints: null,
  feature_contri: null,
  min_data_in_leaf: 20,
  min_sum_hessian_in_leaf: 0.001,
  min_gain_to_split: 0,
  max_delta_step: 0,
  path_smooth: 0,
  extra_trees: false,
  extra_seed: 6,
  linear_lambda: null,
  max_bin: 255,
  min_data_in_bin: 3,
  use_missing: true,
  zero_as_missing: false,
  cat_l2: 10,
  cat_smooth: 10,
  max_cat_to_onehot: 4,
  alpha: null,
  tweedie_variance_power: null,
  fair_c: null,
  poisson_max_delta_step: null,
  sigmoid: null,
  boost_from_average: null,
  reg_sqrt: null,
  device_type: 'cpu',
  tree_learner: 'serial',
  force_col_wise: true,
};

export interface LightcartHyperparameters {
  num_leaves: number;
  max_depth: number;
  lambda_l1: number;
  lambda_l2: number;
  max_cat_threshold: number;
  min_data_per_group: number;
  linear_tree: boolean;
  objective: string | null;
  device_type: 'cpu' | 'gpu' | 'cuda';
  force_col_wise: boolean;
  feature_fraction: number;
  feature_fraction_bynode: number;
  feature_fraction_seed: number;
  deterministic: boolean;
  objective_seed: number;
  force_row_wise: boolean;
  histogram_pool_size: number;
  cegb_tradeoff: number;
  cegb_penalty_split: number;
  cegb_penalty_feature_lazy: number | number[] | null;
  cegb_penalty_feature_coupled: number | number[] | null;
  use_quantized_grad: boolean;
  num_grad_quant_bins: number | null;
  quant_train_renew_leaf: boolean | null;
  stochastic_rounding: boolean | null;
  monotone_constraints: number[] | null;
  monotone_constraints_method: 'basic' | 'intermediate' | 'advanced' | null;
  monotone_penalty: number | null;
  interaction_constraints: string | null;
  feature_contri: number[] | null;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  min_gain_to_split: number;
  max_delta_step: number;
  path_smooth: number;
  extra_trees: boolean;
  extra_seed: number;
  linear_lambda: number | null;
  max_bin: number;
  min_data_in_bin: number;
  use_missing: boolean;
  zero_as_missing: boolean;
  cat_l2: number;
  cat_smooth: number;
  max_cat_to_onehot: number;
  alpha: number | null;
  tweedie_variance_power: number | null;
  fair_c: number | null;
  poisson_max_delta_step: number | null;
  sigmoid: number | null;
  boost_from_average: boolean | null;
  reg_sqrt: boolean | null;
  ifw: boolean;
}

export const lightcartDefaults: LightcartHyperparameters = {
  num_leaves: 32,
  max_depth: -1,
  lambda_l1: 0,
  lambda_l2: 0,
  max_cat_threshold: 32,
  min_data_per_group: 100,
  linear_tree: false,
  objective: null,
  device_type: 'cpu',
  force_col_wise: true,
  feature_fraction: 1,
  feature_fraction_bynode: 1,
  feature_fraction_seed: 2,
  deterministic: false,
  objective_seed: 5,
  force_row_wise: false,
  histogram_pool_size: -1,
  cegb_tradeoff: 1,
  cegb_penalty_split: 0,
  cegb_penalty_feature_lazy: null,
  cegb_penalty_feature_coupled: null,
  use_quantized_grad: false,
  num_grad_quant_bins: null,
  quant_train_renew_leaf: null,
  stochastic_rounding: null,
  monotone_constraints: null,
  monotone_constraints_method: null,
  monotone_penalty: null,
  interaction_constraints: null,
  feature_contri: null,
  min_data_in_leaf: 20,
  min_sum_hessian_in_leaf: 0.001,
  min_gain_to_split: 0,
  max_delta_step: 0,
  path_smooth: 0,
  extra_trees: false,
  extra_seed: 6,
  linear_lambda: null,
  max_bin: 255,
  min_data_in_bin: 3,
  use_missing: true,
  zero_as_missing: false,
  cat_l2: 10,
  cat_smooth: 10,
  max_cat_to_onehot: 4,
  alpha: null,
  tweedie_variance_power: null,
  fair_c: null,
  poisson_max_delta_step: null,
  sigmoid: null,
  boost_from_average: null,
  reg_sqrt: null,
  ifw: false,
};
