/**
 * rtemis decomposition metrics (R/decomp_metrics.R, rtemis-model §5.9), shared by every
 * decomposition: reconstruction scores for invertible algorithms, component scores for all.
 */
import type { EngineJsonObject } from '../contract.js';
import type { MetricRow } from '../metrics/classification.js';

/**
 * The metrics row: reconstruction scores against the data in its original units
 * (`reconstructed` null for non-invertible algorithms), then component scores; the
 * out-of-sample ones need new data and are null.
 */
export function decompositionMetrics(x: Float64Array[], reconstructed: Float64Array[] | null, transformed: Float64Array[]): MetricRow {
  const row: MetricRow = {};
  if (reconstructed === null) {
    row.explained_variance_ratio = null;
    row.relative_reconstruction_error = null;
    row.reconstruction_rmse = null;
  } else {
    let residual = 0;
    let centred = 0;
    let total = 0;
    let cells = 0;
    x.forEach((column, j) => {
      const mean = column.reduce((a, b) => a + b, 0) / column.length;
      column.forEach((value, i) => {
        residual += (value - reconstructed[j]![i]!) ** 2;
        centred += (value - mean) ** 2;
        total += value * value;
        cells++;
      });
    });
    row.explained_variance_ratio = centred > 0 ? 1 - residual / centred : null;
    row.relative_reconstruction_error = total > 0 ? Math.sqrt(residual) / Math.sqrt(total) : null;
    row.reconstruction_rmse = Math.sqrt(residual / cells);
  }
  const variances = transformed.map(variance);
  let maxCorrelation: number | null = null;
  for (let a = 0; a < transformed.length; a++) {
    for (let b = a + 1; b < transformed.length; b++) {
      const r = Math.abs(correlation(transformed[a]!, transformed[b]!));
      maxCorrelation = maxCorrelation === null ? r : Math.max(maxCorrelation, r);
    }
  }
  row.max_abs_component_correlation = maxCorrelation;
  const sum = variances.reduce((a, b) => a + b, 0);
  const sumSquares = variances.reduce((a, b) => a + b * b, 0);
  row.effective_dimensionality = sumSquares > 0 && Number.isFinite(sumSquares) ? (sum * sum) / sumSquares : null;
  row.oos_explained_variance_ratio = null;
  row.oos_relative_reconstruction_error = null;
  row.reconstruction_gap = null;
  return row;
}

/** `{".class":"DecompositionMetrics","sample":"Training","metrics":[row]}`. */
export function decompositionMetricsJson(row: MetricRow): EngineJsonObject {
  return { '.class': 'DecompositionMetrics', sample: 'Training', metrics: [row] };
}

function variance(values: Float64Array): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - meanA;
    const db = b[i]! - meanB;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}
