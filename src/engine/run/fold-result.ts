/**
 * What one fitted model of a run leaves behind — the single model of an unresampled run,
 * or one outer fold of a resampled run. Results, tables and the run record are all
 * assembled from a list of these.
 */
import type { EngineJsonObject } from '../contract.js';
import type { Value } from '../config/types.js';
import type { VariableImportance } from '../learner.js';
import type { ClassificationMetrics, MetricRow } from '../metrics/classification.js';
import type { RegressionMetrics } from '../metrics/regression.js';

export type SupervisedMetrics = ClassificationMetrics | RegressionMetrics;

export interface SplitPredictions {
  /** Outcome per case: regression values or class codes (index the run's classes). */
  actual: Float64Array;
  /** Predicted values or class codes. */
  predicted: Float64Array;
  /** Classification: one column per class; else null. */
  probabilities: Float64Array[] | null;
}

export interface TuningOutcome {
  /** Tuned parameter names, in hyperparameter order. */
  names: string[];
  /** One row per combination: `param_combo_id` and the tuned values. */
  paramGrid: EngineJsonObject[];
  /** Per-combination aggregated inner-resample metrics. */
  training: (MetricRow & { param_combo_id: number })[];
  validation: (MetricRow & { param_combo_id: number })[];
  best: Record<string, Value>;
  /** One entry per grid cell (combination × inner resample), in run order. */
  cells: { label: string; start: number; end: number; ok: boolean }[];
}

export interface FoldResult {
  /** Resample name ("Fold_1", …) or null for a single model. */
  name: string | null;
  /** 1-based. */
  index: number;
  training: SplitPredictions;
  test: SplitPredictions | null;
  metricsTraining: SupervisedMetrics;
  metricsTest: SupervisedMetrics | null;
  varimp: VariableImportance | null;
  /** Every hyperparameter, resolved (tuned winners filled in). */
  hyperparameters: Record<string, Value>;
  /** Hyperparameters the fit resolved from the data (origin "derived"). */
  derived: string[];
  tuning: TuningOutcome | null;
  /** The JSON of the preprocessor fitted on this fold's training part, or null without preprocessing. */
  preprocessor: EngineJsonObject | null;
  /** Features the model saw (after preprocessing / decomposition). */
  xnames: string[];
  /** Numeric features decomposed and components made, when a decomposition ran. */
  decomposition: { nFeatures: number; k: number } | null;
}
