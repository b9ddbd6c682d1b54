/**
 * Metrics over resamples (rtemis-model §5.3 "Resampled variants"): per-resample objects
 * keyed by resample name, column means and sample standard deviations (n − 1) of the
 * per-resample overall rows, and — for classification — the cell-wise sum of the
 * confusion matrices. As in R (`colMeans`, `sd` without `na.rm`), a column with an
 * undefined value in any resample is undefined; with one resample every SD is null.
 */
import type { EngineJsonObject } from '../contract.js';
import { classificationMetricsJson, confusionLong, type ClassificationMetrics, type MetricRow } from './classification.js';
import { regressionMetricsJson, type RegressionMetrics } from './regression.js';

export interface NamedMetrics<M> {
  /** Resample name, e.g. "Fold_1". */
  name: string;
  metrics: M;
}

export interface MetricsSummary {
  mean: MetricRow;
  sd: MetricRow;
}

export function summariseRows(rows: MetricRow[]): MetricsSummary {
  const mean: MetricRow = {};
  const sd: MetricRow = {};
  for (const key of Object.keys(rows[0] ?? {})) {
    const values = rows.map((row) => row[key] ?? null);
    if (values.some((value) => value === null)) {
      mean[key] = null;
      sd[key] = null;
      continue;
    }
    const numbers = values as number[];
    const average = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    mean[key] = average;
    sd[key] =
      numbers.length > 1
        ? Math.sqrt(numbers.reduce((a, b) => a + (b - average) ** 2, 0) / (numbers.length - 1))
        : null;
  }
  return { mean, sd };
}

export function classificationMetricsResJson(sample: string, perResample: NamedMetrics<ClassificationMetrics>[]): EngineJsonObject {
  const first = perResample[0];
  if (first === undefined) throw new Error('No resample metrics to aggregate.');
  const levels = first.metrics.levels;
  const summed = levels.map(() => new Array<number>(levels.length).fill(0));
  for (const { metrics } of perResample) {
    metrics.confusion.forEach((row, r) => row.forEach((count, p) => (summed[r]![p]! += count)));
  }
  const { mean, sd } = summariseRows(perResample.map(({ metrics }) => metrics.overall));
  return {
    '.class': 'ClassificationMetricsRes',
    sample,
    confusion_long: confusionLong(levels, summed),
    res_metrics: Object.fromEntries(perResample.map(({ name, metrics }) => [name, classificationMetricsJson(metrics)])),
    mean_metrics: [mean],
    sd_metrics: [sd],
  };
}

export function regressionMetricsResJson(sample: string, perResample: NamedMetrics<RegressionMetrics>[]): EngineJsonObject {
  if (perResample.length === 0) throw new Error('No resample metrics to aggregate.');
  const { mean, sd } = summariseRows(perResample.map(({ metrics }) => metrics.overall));
  return {
    '.class': 'RegressionMetricsRes',
    sample,
    res_metrics: Object.fromEntries(perResample.map(({ name, metrics }) => [name, regressionMetricsJson(metrics)])),
    mean_metrics: [mean],
    sd_metrics: [sd],
  };
}
