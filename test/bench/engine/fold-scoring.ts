/**
 * Scores a test fold with the engine's own metric functions, the same way for our predictions
 * and the peers': classes are decided from the probabilities by the engine's rule (binary:
 * positive ≥ 0.5, multiclass: arg-max), so only the models differ.
 */
import type { Prediction, TrainingData } from '../../../src/engine/learner.js';
import { classificationMetrics } from '../../../src/engine/metrics/classification.js';
import { regressionMetrics } from '../../../src/engine/metrics/regression.js';
import { decideClasses } from '../../../src/engine/trees/class-decision.js';

/** Metric name → value; the first name is the one the comparison checks. */
export type FoldScores = Record<string, number>;

/** Metrics compared against the 0.02 tolerance; rmse is on the outcome's scale and only shown. */
export const CHECKED_METRICS = new Set(['balanced_accuracy', 'auc', 'rsq']);

export function scoreFold(actual: Float64Array, prediction: Prediction, classes: string[] | null): FoldScores {
  if (classes === null) {
    const { overall } = regressionMetrics({ actual, predicted: prediction.values, sample: 'Test' });
    return { rsq: overall.rsq ?? NaN, rmse: overall.rmse ?? NaN };
  }
  if (prediction.probabilities === null) throw new Error('A classification prediction without probabilities.');
  const { overall } = classificationMetrics({
    actual,
    predicted: decideClasses(prediction.probabilities),
    probabilities: prediction.probabilities,
    classes,
    sample: 'Test',
  });
  const scores: FoldScores = { balanced_accuracy: overall.balanced_accuracy ?? NaN };
  if (classes.length === 2) scores.auc = overall.auc ?? NaN;
  return scores;
}

export function meanScores(folds: FoldScores[]): FoldScores {
  const mean: FoldScores = {};
  for (const name of Object.keys(folds[0] ?? {})) {
    mean[name] = folds.reduce((sum, scores) => sum + scores[name]!, 0) / folds.length;
  }
  return mean;
}

/** The test rows of fold `k` (ascending) and the training rows (all others). */
export function foldRows(folds: Int32Array, k: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  folds.forEach((fold, row) => (fold === k ? test : train).push(row));
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

export function actualOf(data: TrainingData, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (i) => data.y[i]!);
}
