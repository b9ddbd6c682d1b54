/**
 * The feature matrix e1071::svm sees under rtemis: factors one-hot encoded with one column
 * per level named `<feature>_<level>` in the feature's place (rtemis `one_hot`, a missing or
 * unseen level all zeros), then e1071's `scale = TRUE`: every column centred and divided by
 * its standard deviation, and for regression the outcome too — unless any column is
 * constant, in which case e1071 scales nothing at all (not even the outcome).
 */
import type { DenseRows } from './kernel.js';

export interface DesignSpec {
  featureLevels: (string[] | null)[];
}

export interface Scaling {
  center: Float64Array;
  scale: Float64Array;
}

export interface FittedDesign {
  names: string[];
  /** Column scaling, or null when e1071 would not scale (a constant column). */
  x: Scaling | null;
  /** Regression outcome scaling (mean, sd), or null. */
  y: { center: number; scale: number } | null;
}

export function designNames(featureNames: string[], spec: DesignSpec): string[] {
  return featureNames.flatMap((name, j) => {
    const levels = spec.featureLevels[j] ?? null;
    return levels === null ? [name] : levels.map((level) => `${name}_${level}`);
  });
}

/** Row-major one-hot design of column-major features (unscaled). */
export function oneHotRows(x: Float64Array[], spec: DesignSpec): DenseRows {
  const n = x[0]?.length ?? 0;
  const widths = x.map((_, j) => spec.featureLevels[j]?.length ?? 1);
  const p = widths.reduce((sum, width) => sum + width, 0);
  const values = new Float64Array(n * p);
  let offset = 0;
  x.forEach((column, j) => {
    const levels = spec.featureLevels[j] ?? null;
    if (levels === null) {
      for (let i = 0; i < n; i++) values[i * p + offset] = column[i]!;
    } else {
      for (let i = 0; i < n; i++) {
        const code = column[i]!;
        if (Number.isInteger(code) && code >= 0 && code < levels.length) values[i * p + offset + code] = 1;
      }
    }
    offset += widths[j]!;
  });
  return { values, n, p };
}

function meanAndSd(get: (i: number) => number, n: number): { mean: number; sd: number; constant: boolean } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += get(i);
  mean /= n;
  let squares = 0;
  const first = get(0);
  let constant = true;
  for (let i = 0; i < n; i++) {
    const value = get(i);
    if (value !== first) constant = false;
    squares += (value - mean) ** 2;
  }
  return { mean, sd: Math.sqrt(squares / (n - 1)), constant };
}

/** e1071's scaling decision and parameters for a training design (and regression outcome). */
export function fitScaling(rows: DenseRows, y: Float64Array | null): { x: Scaling | null; y: FittedDesign['y'] } {
  const { values, n, p } = rows;
  const center = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let m = 0; m < p; m++) {
    const { mean, sd, constant } = meanAndSd((i) => values[i * p + m]!, n);
    if (constant) return { x: null, y: null };
    center[m] = mean;
    scale[m] = sd;
  }
  const outcome = y === null ? null : meanAndSd((i) => y[i]!, n);
  // A constant outcome would divide by zero (e1071 then fits NaN); it is left unscaled.
  const scaleY = outcome !== null && !outcome.constant;
  return { x: { center, scale }, y: scaleY ? { center: outcome.mean, scale: outcome.sd } : null };
}

/** Scales `rows` in place. */
export function applyScaling(rows: DenseRows, scaling: Scaling | null): DenseRows {
  if (scaling === null) return rows;
  const { values, n, p } = rows;
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < p; m++) values[i * p + m] = (values[i * p + m]! - scaling.center[m]!) / scaling.scale[m]!;
  }
  return rows;
}
