/**
 * The space kknn measures distances in, as rtemis sets it up (R/train_KNN.R): factors one-hot
 * encoded into one 0/1 column per level (rtemis's `one_hot`, every level, before kknn sees the
 * data), then with `scale` every column divided by its training standard deviation (kknn:
 * `var`, n − 1). Columns constant on the training cases get weight 0 in kknn's distance, so
 * they are left out here; they still count among kknn's `d` (the optimal kernel's dimension).
 */
import type { TrainingData } from '../learner.js';
import type { PointSet } from '../neighbors/index.js';

interface DesignColumn {
  feature: number;
  /** Level code for a one-hot column of a factor; -1 for a numeric feature. */
  level: number;
  /** Divisor: the training standard deviation with `scale`, else 1. */
  divisor: number;
}

export interface KnnGeometry {
  /** Design columns (numeric features plus one per factor level), constant ones included: kknn's `d`. */
  readonly terms: number;
  /** Dimensions of the points: the design columns that vary on the training cases (at least one). */
  readonly dimensions: number;
  /** Rows `from` … `to - 1` of column-major features as points (into `buffer` when it is large enough). */
  points(x: Float64Array[], from: number, to: number, buffer?: Float64Array): PointSet;
}

export function fitGeometry(data: TrainingData, scale: boolean): KnnGeometry {
  const n = data.y.length;
  const kept: DesignColumn[] = [];
  let terms = 0;
  data.x.forEach((values, feature) => {
    const levels = data.featureLevels[feature] ?? null;
    const candidates: DesignColumn[] = levels === null ? [{ feature, level: -1, divisor: 1 }] : levels.map((_, level) => ({ feature, level, divisor: 1 }));
    for (const column of candidates) {
      terms++;
      const sd = standardDeviation(values, column.level, n);
      if (sd === null) continue;
      kept.push({ ...column, divisor: scale ? sd : 1 });
    }
  });
  // Nothing varies: every case is equally near, as in kknn; one all-zero dimension says so.
  const columns = kept.length > 0 ? kept : [{ feature: 0, level: -2, divisor: 1 }];
  const d = columns.length;
  return {
    terms,
    dimensions: d,
    points(x, from, to, buffer) {
      const m = to - from;
      const data = buffer !== undefined && buffer.length >= m * d ? buffer.subarray(0, m * d) : new Float64Array(m * d);
      columns.forEach(({ feature, level, divisor }, t) => {
        const values = x[feature]!;
        for (let i = from; i < to; i++) {
          const value = values[i]!;
          if (Number.isNaN(value)) {
            throw new Error(`KNN cannot use cases with missing values (feature ${feature + 1}, case ${i + 1}); impute them in preprocessing.`);
          }
          data[(i - from) * d + t] = level === -1 ? value / divisor : level === -2 ? 0 : value === level ? 1 / divisor : 0;
        }
      });
      return { data, n: m, d };
    },
  };
}

/** Standard deviation (n − 1) of a numeric feature or of one level's indicator; null when constant. */
function standardDeviation(values: Float64Array, level: number, n: number): number | null {
  const at = (i: number) => (level === -1 ? values[i]! : values[i] === level ? 1 : 0);
  const first = at(0);
  let constant = true;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const value = at(i);
    if (value !== first) constant = false;
    sum += value;
  }
  if (constant || n < 2) return null;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (at(i) - mean) ** 2;
  return Math.sqrt(squares / (n - 1));
}
