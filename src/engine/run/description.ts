/**
 * The `description` sentence of a supervised result (rtemis `desc.Supervised` /
 * `desc.SupervisedRes`): algorithm and task, preprocessing steps, decomposition, tuning,
 * and the headline metric with two decimals.
 */
import type { TrainConfig } from '../config/types.js';
import type { MetricRow } from '../metrics/classification.js';
import { preprocessingSteps } from '../preprocess/preprocessor.js';
import { supervisedAlgorithms } from '../catalog/supervised.js';

export interface DescriptionInput {
  config: TrainConfig;
  type: 'Classification' | 'Regression';
  /** Number of numeric features decomposed and components made, when a decomposition ran. */
  decomposition: { nFeatures: number; k: number } | null;
  tuned: boolean;
  training: MetricRow;
  test: MetricRow | null;
  /** Resampled runs: e.g. "3 independent folds". */
  resamplerDesc: string | null;
}

export function describeSupervised(input: DescriptionInput): string {
  const { config, type } = input;
  const algorithm = supervisedAlgorithms().find((entry) => entry.name === config.algorithm)?.description ?? config.algorithm;
  let out = `${algorithm} was used for ${type.toLowerCase()}.`;
  if (config.preprocessor !== null) {
    const steps = preprocessingSteps(config.preprocessor);
    out += steps.length > 0 ? ` Preprocessing was applied (${steps.join(', ')}).` : ' Preprocessing was applied.';
  }
  if (config.decomposition !== null && input.decomposition !== null) {
    const { nFeatures, k } = input.decomposition;
    out +=
      ` Decomposition was performed using ${config.decomposition.algorithm}, reducing ${nFeatures} numeric feature${nFeatures === 1 ? '' : 's'}` +
      ` to ${k} component${k === 1 ? '' : 's'}.`;
  }
  if (input.tuned) out += ` Hyperparameter tuning was performed using ${config.tuner.search_type} grid search.`;

  const key = type === 'Classification' ? 'balanced_accuracy' : 'rsq';
  const train = twoDecimals(input.training[key]);
  const test = input.test === null ? null : twoDecimals(input.test[key]);
  if (input.resamplerDesc !== null) {
    return type === 'Classification'
      ? `${out} Mean balanced accuracy was ${train} in the training set and ${test} in the test set across ${input.resamplerDesc}.`
      : `${out} Mean R-squared was ${train} on the training set and ${test} on the test set across ${input.resamplerDesc}.`;
  }
  if (type === 'Classification') {
    return `${out} Balanced accuracy was ${train} in the training set${test === null ? '' : ` and ${test} in the test set`}.`;
  }
  return `${out} R-squared was ${train} on the training set${test === null ? '' : ` and ${test} on the test set`}.`;
}

/** rtemis `ddSci`: two decimals; undefined values read "NA" as in R. */
function twoDecimals(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : 'NA';
}
