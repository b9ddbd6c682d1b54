/**
 * Validated, normalised configs produced by the config builder (protocol §3.27–3.29,
 * rtemis-model §3–4). Every field is filled: defaults are applied, names are canonical.
 * These objects cross the worker boundary by structured clone, so they hold plain data only.
 */

export type SupervisedAlgorithm =
  | 'GLM'
  | 'GLMNET'
  | 'CART'
  | 'Ranger'
  | 'LightGBM'
  | 'LightRF'
  | 'LightCART'
  | 'Isotonic'
  | 'NNLS'
  | 'SuperLearner'
  | 'KNN'
  | 'LinearSVM'
  | 'RadialSVM';
// The decomposition and clustering unions are the keys of DecompositionParametersOf and
// ClusteringParametersOf below.

/** A scalar as it arrives on the wire. */
export type Scalar = number | string | boolean | null;
/** A hyperparameter value: a scalar, a vector, or (e.g. Ranger `inbag`) a list of vectors. */
export type Value = Scalar | Scalar[] | Scalar[][];

/** A tuned hyperparameter: the tuner picks one of `candidates` (at least two). */
export interface SearchSpace<T = Value> {
  candidates: T[];
}

export function isSearchSpace(value: unknown): value is SearchSpace {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Array.isArray((value as { candidates?: unknown }).candidates)
  );
}

/** Each hyperparameter either has its value or is a search space over values of that type. */
export type Tunable<H> = { [K in keyof H]: H[K] | SearchSpace<H[K]> };

// ---------------------------------------------------------------------------
// Resamplers (rtemis-model §3.1). On the wire a resampler is flat: `type` plus that type's keys.

export interface KFoldConfig {
  type: 'KFold';
  n_resamples: number;
  /** Column to stratify on; null = the outcome. */
  stratify_var: string | null;
  strat_n_bins: number;
  /** Column of case/group ids kept together on one side of every split. */
  id_strat: string | null;
  seed: number | null;
}

export interface StratSubConfig {
  type: 'StratSub';
  n_resamples: number;
  train_p: number;
  stratify_var: string | null;
  strat_n_bins: number;
  id_strat: string | null;
  seed: number | null;
}

export interface StratBootConfig {
  type: 'StratBoot';
  n_resamples: number;
  train_p: number;
  stratify_var: string | null;
  strat_n_bins: number;
  /** Size of each bootstrap resample; null = number of cases. */
  target_length: number | null;
  id_strat: string | null;
  seed: number | null;
}

export interface BootstrapConfig {
  type: 'Bootstrap';
  n_resamples: number;
  id_strat: string | null;
  seed: number | null;
}

/** Leave-one-out: one resample per case; `n_resamples` is tolerated on the wire and ignored. */
export interface LOOCVConfig {
  type: 'LOOCV';
}

export type ResamplerConfig =
  | KFoldConfig
  | StratSubConfig
  | StratBootConfig
  | BootstrapConfig
  | LOOCVConfig;
export type ResamplerType = ResamplerConfig['type'];

// ---------------------------------------------------------------------------
// Tuner (rtemis-model §3.2). Only GridSearch exists.

export interface TunerConfig {
  type: 'GridSearch';
  /** Inner resampler; default KFold with 5 resamples. */
  resampler: ResamplerConfig;
  search_type: 'exhaustive' | 'randomized';
  /** Fraction of grid combinations tried when randomized; null when exhaustive. */
  randomize_p: number | null;
  /** How inner-resample metrics are aggregated per combination. */
  metrics_aggregate_fn: 'mean' | 'median';
  /** Resolved: balanced_accuracy (classification) / mse (regression) when the user gave none. */
  metric: string;
  /** Resolved when the user gave none: true iff larger is better for `metric` (tuner-config.ts). */
  maximize: boolean;
}

// ---------------------------------------------------------------------------
// Execution (rtemis-model §3.3). Accepted and echoed; the engine maps it onto its own workers.

export interface ExecutionConfig {
  backend: 'future' | 'mirai' | 'none';
  /** Workers the job may use at once; null = every worker of the pool (capped by memory when the job starts). */
  n_workers: number | null;
  n_workers_outer: number | null;
  n_workers_tuning: number | null;
  n_workers_algorithm: number | null;
  warm_workers: boolean;
  future_plan: string | null;
  on_error: 'continue' | 'stop' | 'stop_outer';
  /** Master seed of the run; null = drawn at random when the run starts. */
  seed: number | null;
  shared_memory: 'none' | 'auto' | 'always';
}

// ---------------------------------------------------------------------------
// Preprocessor (rtemis-model §3.4): every `preprocessor.describe` argument, plus
// `impute_missRanger_params`. Operations run in rtemis's fixed order, not this order.

export interface PreprocessorConfig {
  complete_cases: boolean;
  remove_features_thres: number | null;
  remove_cases_thres: number | null;
  missingness: boolean;
  impute: boolean;
  /**
   * Only meanMode is implemented. With `impute` on, an unset impute_type becomes meanMode
   * and an explicit missRanger / micePMM is rejected (see preprocessor-config.ts).
   */
  impute_type: 'missRanger' | 'micePMM' | 'meanMode';
  impute_missRanger_params: Record<string, unknown>;
  impute_discrete: string;
  impute_continuous: string;
  integer2factor: boolean;
  integer2numeric: boolean;
  logical2factor: boolean;
  logical2numeric: boolean;
  numeric2factor: boolean;
  numeric2factor_levels: string[] | null;
  numeric_cut_n: number;
  numeric_cut_labels: boolean;
  numeric_quant_n: number;
  numeric_quant_NAonly: boolean;
  unique_len2factor: number;
  character2factor: boolean;
  factorNA2missing: boolean;
  factorNA2missing_level: string;
  factor2integer: boolean;
  factor2integer_startat0: boolean;
  factor2integer_levels: Record<string, string[]> | null;
  scale: boolean;
  center: boolean;
  scale_centers: Record<string, number> | null;
  scale_coefficients: Record<string, number> | null;
  remove_constants: boolean;
  remove_constants_skip_missing: boolean;
  remove_features: string[] | null;
  remove_duplicates: boolean;
  one_hot: boolean;
  one_hot_levels: Record<string, string[]> | null;
  add_date_features: boolean;
  date_features: ('weekday' | 'month' | 'year')[];
  add_holidays: boolean;
  holidays: string[];
  /** 1-based column indices left untouched. */
  exclude: number[] | null;
}

// ---------------------------------------------------------------------------
// Decomposition and clustering (rtemis-model §2, Appendix B). One entry per implemented
// algorithm: its setup_<Alg>() arguments, in describe order (catalog/*-parameters.ts).

export interface PCAConfig {
  k: number;
  center: boolean;
  scale: boolean;
  tol: number | null;
  /** Numeric columns to decompose; null = all numeric features. */
  features: string[] | null;
}

export interface ICAConfig {
  k: number;
  type: 'parallel' | 'deflation';
  fun: 'logcosh' | 'exp';
  alpha: number;
  row_norm: boolean;
  maxit: number;
  tol: number;
  features: string[] | null;
}

export interface NMFConfig {
  k: number;
  method: string;
  nrun: number;
  features: string[] | null;
}

export interface IsomapConfig {
  k: number;
  dist_method: 'euclidean' | 'manhattan';
  nsd: number;
  path: 'shortest' | 'extended';
  features: string[] | null;
}

export interface UMAPConfig {
  k: number;
  n_neighbors: number;
  init: 'spectral' | 'normlaplacian' | 'laplacian' | 'random' | 'lvrandom' | 'pca' | 'spca';
  metric: 'euclidean' | 'cosine' | 'manhattan' | 'hamming' | 'categorical';
  n_epochs: number | null;
  learning_rate: number;
  scale: boolean;
  features: string[] | null;
}

export interface TSNEConfig {
  k: number;
  initial_dims: number;
  perplexity: number;
  theta: number;
  check_duplicates: boolean;
  pca: boolean;
  partial_pca: boolean;
  max_iter: number;
  verbose: boolean;
  is_distance: boolean;
  Y_init: null;
  pca_center: boolean;
  pca_scale: boolean;
  normalize: boolean;
  stop_lying_iter: number;
  mom_switch_iter: number;
  momentum: number;
  final_momentum: number;
  eta: number;
  exaggeration_factor: number;
  num_threads: number;
  features: string[] | null;
}

export interface KMeansConfig {
  k: number;
  dist: 'euclidean' | 'manhattan';
}

/** flexclust `cclust(method = "hardcl")`: the same arguments as KMeans. */
export type HardCLConfig = KMeansConfig;

/** flexclust `cclust(method = "neuralgas")`: the same arguments as KMeans. */
export type NeuralGasConfig = KMeansConfig;

export interface CMeansConfig {
  k: number;
  max_iter: number;
  dist: 'euclidean' | 'manhattan';
  method: 'cmeans' | 'ufcl';
  /** Fuzzifier, > 1. */
  m: number;
  /** ufcl learning rate; null = e1071's 0.3. */
  rate_par: number | null;
  /** One weight for every case, or one per case. */
  weights: number | number[];
  /** e1071 control list: only `reltol` exists. An empty R list arrives as `[]`. */
  control: { reltol?: number } | [];
}

export interface DBSCANConfig {
  eps: number;
  /** Neighbours within `eps` (the point itself included) that make a core point. */
  min_points: number;
  /** One weight per case (a core point's neighbourhood weight must reach `min_points`); null = unweighted. */
  weights: number[] | null;
  border_points: boolean;
  /** Search structure and k-d tree settings: results are the same whatever their values. */
  search: 'kdtree' | 'linear' | 'dist';
  bucket_size: number;
  split_rule: 'SUGGEST' | 'STD' | 'MIDPT' | 'FAIR' | 'SL_MIDPT' | 'SL_FAIR';
  approx: boolean;
}

/** Every decomposition's arguments include `features` (null = all numeric features). */
export interface DecompositionParametersOf {
  PCA: PCAConfig;
  ICA: ICAConfig;
  NMF: NMFConfig;
  Isomap: IsomapConfig;
  UMAP: UMAPConfig;
  tSNE: TSNEConfig;
}

export interface ClusteringParametersOf {
  CMeans: CMeansConfig;
  DBSCAN: DBSCANConfig;
  HardCL: HardCLConfig;
  KMeans: KMeansConfig;
  NeuralGas: NeuralGasConfig;
}

export type DecompAlgorithm = keyof DecompositionParametersOf;
export type ClusterAlgorithm = keyof ClusteringParametersOf;

/** What a decomposition method takes: its arguments without the column selection. */
export type DecompositionSettings<A extends DecompAlgorithm> = Omit<DecompositionParametersOf[A], 'features'>;

/** Config of a `decomp` job. */
export type DecompConfig = {
  [A in DecompAlgorithm]: { algorithm: A; config: DecompositionParametersOf[A] };
}[DecompAlgorithm];

/** A decomposition applied to the features before training (`decomposition_config` of `train`). */
export type DecompositionConfig = {
  [A in DecompAlgorithm]: {
    algorithm: A;
    config: DecompositionSettings<A>;
    /** Numeric features to decompose (≥ 2); null = all numeric features. */
    features: string[] | null;
  };
}[DecompAlgorithm];

/** Config of a `cluster` job. */
export type ClusterConfig = {
  [A in ClusterAlgorithm]: { algorithm: A; config: ClusteringParametersOf[A] };
}[ClusterAlgorithm];

// ---------------------------------------------------------------------------
// Supervised hyperparameters: every `algorithm.describe` argument (the catalogue,
// supervised-parameters.ts, holds their describe order and defaults). Value types follow the
// published JSON Schemas (schemas/hyperparameters/<alg>).

export interface GLMHyperparameters {
  ifw: boolean;
}

export interface LinearSVMHyperparameters {
  cost: number;
  ifw: boolean;
}

export interface RadialSVMHyperparameters {
  cost: number;
  gamma: number;
  ifw: boolean;
}

export interface GLMNETHyperparameters {
  alpha: number;
  /** Only null (chosen from the outcome) is implemented; the others are refused at submission. */
  family: null | 'gaussian' | 'binomial' | 'poisson' | 'multinomial' | 'cox' | 'mgaussian';
  /** Only null is implemented (rtemis cannot predict from a model fitted with an offset). */
  offset: number[] | null;
  which_lambda_cv: 'lambda.1se' | 'lambda.min';
  nlambda: number;
  /** Null ⇒ cross-validated (cv.glmnet) in the grid cells of a tuning run (tune-on-null). */
  lambda: number[] | null;
  /** One per design-matrix column (factors expanded); null ⇒ all 1. */
  penalty_factor: number[] | null;
  standardize: boolean;
  intercept: boolean;
  ifw: boolean;
}

export interface CARTHyperparameters {
  cp: number;
  maxdepth: number;
  minsplit: number;
  minbucket: number;
  prune_cp: null | number;
  method: 'auto' | 'anova' | 'class' | 'poisson' | 'exp';
  model: boolean;
  maxcompete: number;
  maxsurrogate: number;
  usesurrogate: number;
  surrogatestyle: number;
  xval: number;
  cost: number[] | null;
  ifw: boolean;
}

export interface RangerHyperparameters {
  num_trees: number;
  mtry: null | number;
  importance: 'none' | 'impurity' | 'impurity_corrected' | 'permutation';
  write_forest: boolean;
  probability: boolean;
  min_node_size: null | number;
  min_bucket: number | null;
  max_depth: null | number;
  replace: boolean;
  sample_fraction: number | null;
  case_weights: number[] | null;
  class_weights: number[] | null;
  splitrule: null | string;
  num_random_splits: number;
  alpha: number;
  minprop: number;
  poisson_tau: number;
  split_select_weights: null | number[] | number[][];
  always_split_variables: string[] | null;
  respect_unordered_factors: 'partition' | 'ignore' | 'order' | null;
  scale_permutation_importance: boolean;
  local_importance: boolean;
  regularization_factor: number;
  regularization_usedepth: boolean;
  keep_inbag: boolean;
  inbag: number[][] | null;
  holdout: boolean;
  quantreg: boolean;
  time_interest: number[] | null;
  oob_error: boolean;
  save_memory: boolean;
  verbose: boolean;
  node_stats: boolean;
  seed: number | null;
  na_action: 'na.learn' | 'na.omit' | 'na.fail';
  ifw: boolean;
}

/** Tree arguments every LightGBM-family algorithm takes: LightCART's set (a single tree). */
export interface LightCARTHyperparameters {
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
  cegb_penalty_feature_lazy: null | number[] | number[][];
  cegb_penalty_feature_coupled: null | number[] | number[][];
  use_quantized_grad: boolean;
  num_grad_quant_bins: null | number;
  quant_train_renew_leaf: boolean | null;
  stochastic_rounding: boolean | null;
  monotone_constraints: number[] | null;
  monotone_constraints_method: 'basic' | 'intermediate' | 'advanced' | null;
  monotone_penalty: null | number;
  interaction_constraints: string | null;
  feature_contri: number[] | null;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  min_gain_to_split: number;
  max_delta_step: number;
  path_smooth: number;
  extra_trees: boolean;
  extra_seed: number;
  linear_lambda: null | number;
  max_bin: number;
  min_data_in_bin: number;
  use_missing: boolean;
  zero_as_missing: boolean;
  cat_l2: number;
  cat_smooth: number;
  max_cat_to_onehot: number;
  alpha: null | number;
  tweedie_variance_power: null | number;
  fair_c: null | number;
  poisson_max_delta_step: null | number;
  sigmoid: null | number;
  boost_from_average: boolean | null;
  reg_sqrt: boolean | null;
  ifw: boolean;
}

/** LightRF: LightCART's arguments plus a fixed number of bagged rounds. */
export interface LightRFHyperparameters extends Omit<LightCARTHyperparameters, 'feature_fraction'> {
  nrounds: number;
  /** Null ⇒ resolved from the data (√p/p classification, 0.33 regression). */
  feature_fraction: null | number;
  bagging_fraction: number;
  early_stopping_min_delta: number;
  top_k: null | number;
  pos_bagging_fraction: number;
  neg_bagging_fraction: number;
  bagging_seed: number;
  tree_learner: 'serial' | 'feature' | 'data' | 'voting';
}

/** LightGBM: LightRF's arguments with boosting (rounds bounded or forced, early stopping, DART, GOSS). */
export interface LightGBMHyperparameters extends Omit<LightRFHyperparameters, 'nrounds' | 'feature_fraction'> {
  max_nrounds: number;
  force_nrounds: number | null;
  early_stopping_rounds: number;
  learning_rate: number;
  feature_fraction: number;
  bagging_freq: number;
  boosting: 'gbdt' | 'rf' | 'dart';
  data_sample_strategy: 'bagging' | 'goss';
  drop_rate: null | number;
  max_drop: null | number;
  skip_drop: null | number;
  uniform_drop: null | boolean;
  xgboost_dart_mode: null | boolean;
  drop_seed: number | null;
  top_rate: null | number;
  other_rate: null | number;
}

export interface IsotonicHyperparameters {
  ifw: boolean;
}

export interface NNLSHyperparameters {
  normalize: boolean;
  ifw: boolean;
}

/** One library entry or the meta learner of a stacked learner: an algorithm with its own (complete) hyperparameters. */
export interface NestedLearner {
  algorithm: SupervisedAlgorithm;
  hyperparameters: Record<string, Value | SearchSpace>;
}

export interface SuperLearnerHyperparameters {
  base_learners: NestedLearner[];
  meta_learner: NestedLearner;
  /** KFold or LOOCV: every case is held out exactly once. */
  inner_resampling_config: ResamplerConfig;
  discrete: boolean;
  expand_search_spaces: boolean;
  ifw: boolean;
}

/** kknn's kernels: how the k nearest neighbours are weighted by their scaled distance. */
export type KNNKernel =
  | 'rectangular'
  | 'triangular'
  | 'epanechnikov'
  | 'biweight'
  | 'triweight'
  | 'cos'
  | 'inv'
  | 'gaussian'
  | 'rank'
  | 'optimal';

export interface KNNHyperparameters {
  k: number;
  kernel: KNNKernel;
  /** Minkowski power. */
  distance: number;
  scale: boolean;
  /** Only false: kknn takes no case weights, and rtemis refuses `ifw = TRUE` for KNN. */
  ifw: boolean;
}

export interface HyperparametersOf {
  GLM: GLMHyperparameters;
  GLMNET: GLMNETHyperparameters;
  CART: CARTHyperparameters;
  Ranger: RangerHyperparameters;
  LightGBM: LightGBMHyperparameters;
  LightRF: LightRFHyperparameters;
  LightCART: LightCARTHyperparameters;
  Isotonic: IsotonicHyperparameters;
  NNLS: NNLSHyperparameters;
  SuperLearner: SuperLearnerHyperparameters;
  KNN: KNNHyperparameters;
  LinearSVM: LinearSVMHyperparameters;
  RadialSVM: RadialSVMHyperparameters;
}

// ---------------------------------------------------------------------------
// The training config (`train`).

export type OutcomeKind = 'factor' | 'numeric';

/** Keys the user supplied, per block, so the run record can tell origin user from default. */
export interface SuppliedKeys {
  /** Top-level keys (e.g. `weights`, `question`, `tuner_config`). */
  top: string[];
  hyperparameters: string[];
  preprocessor: string[];
  decomposition: string[];
  tuner: string[];
  /** Keys of the tuner's inner `resampler_config`. */
  tunerResampler: string[];
  outerResampling: string[];
  execution: string[];
}

interface TrainConfigBase {
  /** Outcome = last column of the dataset. */
  outcome: string;
  outcomeKind: OutcomeKind;
  /** Null when the user gave no preprocessor_config. */
  preprocessor: PreprocessorConfig | null;
  decomposition: DecompositionConfig | null;
  /** Always filled; used only when `needsTuning`. */
  tuner: TunerConfig;
  /**
   * True iff some hyperparameter is a search space, or a tune-on-null hyperparameter is
   * null (LightGBM `force_nrounds`, GLMNET `lambda`; catalog/tune-on-null.ts): rtemis runs
   * a GridSearch.
   */
  needsTuning: boolean;
  /** Null ⇒ a single model trained on all rows. */
  outerResampling: ResamplerConfig | null;
  execution: ExecutionConfig;
  /** Name of a numeric case-weights column (not the outcome), removed from the features. */
  weights: string | null;
  /** Level of a factor outcome to treat as positive (binary); null ⇒ the second level. */
  positiveClass: string | null;
  question: string | null;
  verbosity: number;
  supplied: SuppliedKeys;
}

export type TrainConfig = {
  [A in SupervisedAlgorithm]: TrainConfigBase & {
    algorithm: A;
    /** Complete: every describe argument, defaults filled; tuned ones are search spaces. */
    hyperparameters: Tunable<HyperparametersOf[A]>;
  };
}[SupervisedAlgorithm];
