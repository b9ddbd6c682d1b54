/**
 * The interface every supervised algorithm implements. The run orchestration
 * (preprocessing, resampling, tuning, metrics, result shapes) is algorithm-agnostic
 * and talks to algorithms only through this file.
 */
import type { Value } from './config/types.js';

/** Training data as algorithms see it: column-major features, NaN = missing. */
export interface TrainingData {
  /** One Float64Array per feature, each of length n. Categorical features hold level codes 0..k-1. */
  x: Float64Array[];
  featureNames: string[];
  /** Per feature: the level names when categorical (codes index them), else null. */
  featureLevels: (string[] | null)[];
  /** Regression: the outcome. Classification: class codes 0..k-1 (indexes `classes`). */
  y: Float64Array;
  /** Classification: outcome levels in order; regression: null. */
  classes: string[] | null;
  /** Case weights (already including inverse-frequency weights when `ifw` is on), or null. */
  weights: Float64Array | null;
}

export interface Prediction {
  /** Regression: predicted values. Classification: predicted class codes. */
  values: Float64Array;
  /** Classification: one column per class (same order as `classes`), rows sum to 1; else null. */
  probabilities: Float64Array[] | null;
}

/** Variable importance: `variable` plus one or more named numeric measures. */
export interface VariableImportance {
  variables: string[];
  measures: { name: string; values: Float64Array }[];
}

export interface FittedModel {
  predict(x: Float64Array[]): Prediction;
  /**
   * Optional: the same prediction, awaiting `checkpoint` every few milliseconds of compute, for
   * models whose prediction is the expensive part (KNN searches its training cases per query).
   * The run uses it when present.
   */
  predictPaced?(x: Float64Array[], checkpoint: () => Promise<void>): Promise<Prediction>;
  /**
   * Optional: the prediction for `x` when the fit already computed it — boosting keeps the
   * score of every training and validation row — else null. `x` is recognised by the identity
   * of its columns. The run asks before predicting, saving a pass over every tree.
   */
  knownPrediction?(x: Float64Array[]): Prediction | null;
  varimp(): VariableImportance | null;
  /**
   * Hyperparameters the fit resolved from the data where the config left them null (e.g.
   * GLMNET's all-1 `penalty_factor`); reported filled in, with origin "derived".
   */
  derived?: Record<string, Value>;
}

export interface FitContext {
  /** Seeded uniform [0, 1) generator; algorithms draw all randomness from it. */
  random: () => number;
  /**
   * Yields to the worker's event loop (so cancel requests and progress messages get
   * through) and rejects when the job was cancelled. Await it between units of work
   * (trees, boosting rounds, iterations): every few milliseconds of compute, not in inner loops.
   */
  checkpoint: () => Promise<void>;
}

export interface Learner<Hyperparameters> {
  /** Wire name, e.g. "CART". */
  readonly name: string;
  fit(data: TrainingData, hyperparameters: Hyperparameters, context: FitContext): Promise<FittedModel>;
}

/**
 * A learner whose fit splits into independent parts (batches of trees) that may run on
 * different workers. The split depends only on the data and hyperparameters, never on how
 * many workers there are; each part draws from its own substreams of the fit's seed, and
 * parts are added up in part order — so the result is the same however they were spread.
 * Parts return what prediction and importance need (sums over their trees), not the trees.
 */
export interface SelfParallelLearner<Hyperparameters> {
  /** How many parts the fit is split into. */
  parts(data: TrainingData, hyperparameters: Hyperparameters): number;
  /** What every part of the fit needs (checked settings, feature codes, bins); built once per worker and fit. */
  prepare(data: TrainingData, hyperparameters: Hyperparameters): unknown;
  /** Fits part `part`; its contribution to the predictions on each of `evaluate` and to the importance. */
  fitPart(prepared: unknown, part: number, seed: number, evaluate: Float64Array[][], context: FitContext): Promise<PartialFit>;
  /** Adds the parts up, in part order: predictions on each evaluated set (of `sizes[i]` rows) and importance. */
  combine(data: TrainingData, hyperparameters: Hyperparameters, parts: PartialFit[], sizes: number[]): {
    predictions: Prediction[];
    varimp: VariableImportance | null;
  };
}

export interface PartialFit {
  /** Per evaluated set: the sum of the part's model outputs, output-major (`outputs × n`). */
  sums: Float64Array[];
  /** Per importance measure: the sum over the part's trees. */
  importance: Float64Array[];
}
