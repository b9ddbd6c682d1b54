/**
 * Regression metrics as rtemis `regression_metrics()` (rtemis-model §5.3):
 * mae, mse, rmse and rsq = 1 − SSE/SST with SST about the mean of the true values.
 */
import type { EngineJsonObject } from '../contract.js';
import { definedOrNull, type MetricRow } from './classification.js';

export interface RegressionMetrics {
  sample: string;
  /** mae, mse, rmse, rsq in that order. */
  overall: MetricRow;
}

export function regressionMetrics(input: { actual: ArrayLike<number>; predicted: ArrayLike<number>; sample: string }): RegressionMetrics {
  const n = input.actual.length;
  let absolute = 0;
  let squared = 0;
  let actualSum = 0;
  for (let i = 0; i < n; i++) {
    const error = input.actual[i]! - input.predicted[i]!;
    absolute += Math.abs(error);
    squared += error * error;
    actualSum += input.actual[i]!;
  }
  const actualMean = actualSum / n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (input.actual[i]! - actualMean) ** 2;
  const mse = squared / n;
  return {
    sample: input.sample,
    overall: definedOrNull({ mae: absolute / n, mse, rmse: Math.sqrt(mse), rsq: 1 - squared / total }),
  };
}

/** The `RegressionMetrics` JSON object of §5.3. */
export function regressionMetricsJson(metrics: RegressionMetrics): EngineJsonObject {
  return { '.class': 'RegressionMetrics', sample: metrics.sample, metrics: [metrics.overall] };
}
