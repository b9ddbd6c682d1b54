/**
 * PCA as `stats::prcomp` (rtemis decomp_PCA.R): centre and/or scale the columns (sample
 * SD), take the SVD, keep the first `k` components (fewer when `tol` drops components
 * whose SD is at most tol × the first one's). Component signs are arbitrary, as in R.
 * Missing values are refused, as rtemis does (`allow_missing = FALSE`).
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { DecompositionSettings } from '../config/types.js';
import type { MetricRow } from '../metrics/classification.js';
import type { DecompositionMethod } from '../unsupervised.js';
import { vec } from '../../protocol/json.js';
import { decompositionMetrics } from './metrics.js';

export type PCAOptions = DecompositionSettings<'PCA'>;

export interface PCAFit {
  /** `PC1`, `PC2`, … */
  componentNames: string[];
  variableNames: string[];
  /** Loadings: rotation[c] is component c's weight per variable. */
  rotation: Float64Array[];
  /** Standard deviations of all principal components (prcomp `sdev`). */
  sdev: Float64Array;
  center: Float64Array | null;
  scale: Float64Array | null;
  /** Scores: transformed[c] holds component c for every case. */
  transformed: Float64Array[];
  /** The data rebuilt from the kept components, in original units. */
  reconstructed: Float64Array[];
  /** The DecompositionMetrics row of rtemis-model §5.9. */
  metrics: MetricRow;
  /** Scores of new cases (prcomp's predict: same centring, scaling and rotation). */
  apply(x: Float64Array[]): Float64Array[];
}

export function pca(x: Float64Array[], variableNames: string[], options: PCAOptions): PCAFit {
  const p = x.length;
  const n = x[0]?.length ?? 0;
  if (p < 2) throw new Error('PCA needs at least two numeric features.');
  if (n < 2) throw new Error('PCA needs at least two cases.');
  x.forEach((column, j) => {
    if (column.some((value) => !Number.isFinite(value))) {
      throw new Error(`PCA does not allow missing values (feature ${variableNames[j]}); impute or remove them first.`);
    }
  });

  const center = options.center ? Float64Array.from(x, (column) => column.reduce((a, b) => a + b, 0) / n) : null;
  const scale = options.scale
    ? Float64Array.from(x, (column, j) => {
        const c = center?.[j] ?? 0;
        const spread = Math.sqrt(column.reduce((a, b) => a + (b - c) ** 2, 0) / (n - 1));
        if (spread === 0) throw new Error(`PCA cannot rescale the constant column ${variableNames[j]} to unit variance.`);
        return spread;
      })
    : null;
  const standardise = (columns: Float64Array[]) =>
    columns.map((column, j) => {
      const c = center?.[j] ?? 0;
      const s = scale?.[j] ?? 1;
      return column.map((value) => (value - c) / s);
    });

  const scaled = standardise(x);
  const matrix = new Matrix(n, p);
  scaled.forEach((column, j) => column.forEach((value, i) => matrix.set(i, j, value)));
  const svd = new SingularValueDecomposition(matrix, { computeLeftSingularVectors: false, autoTranspose: true });
  const sdev = Float64Array.from(svd.diagonal.slice(0, Math.min(n, p)), (d) => d / Math.sqrt(n - 1));
  let rank = Math.min(options.k, sdev.length);
  if (options.tol !== null) {
    const limit = options.tol * sdev[0]!;
    while (rank > 1 && !(sdev[rank - 1]! > limit)) rank--;
  }
  const v = svd.rightSingularVectors;
  const rotation = Array.from({ length: rank }, (_, c) => Float64Array.from({ length: p }, (_, j) => v.get(j, c)));
  const project = (columns: Float64Array[]) =>
    rotation.map((weights) => {
      const scores = new Float64Array(columns[0]?.length ?? 0);
      columns.forEach((column, j) => {
        const weight = weights[j]!;
        for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! + weight * column[i]!;
      });
      return scores;
    });
  const transformed = project(scaled);
  const reconstructed = reconstruct(transformed, rotation, center, scale, n);

  return {
    componentNames: rotation.map((_, c) => `PC${c + 1}`),
    variableNames,
    rotation,
    sdev,
    center,
    scale,
    transformed,
    reconstructed,
    metrics: decompositionMetrics(x, reconstructed, transformed),
    apply: (newX) => project(standardise(newX)),
  };
}

export const pcaMethod: DecompositionMethod<PCAOptions> = {
  name: 'PCA',
  async fit(data, settings) {
    const fit = pca(data.x, data.names, settings);
    return {
      componentNames: fit.componentNames,
      transformed: fit.transformed,
      loadings: fit.rotation,
      reconstructed: fit.reconstructed,
      // prcomp's fields; `rotation` is variables × components.
      decom: {
        sdev: vec(Array.from(fit.sdev)),
        rotation: fit.variableNames.map((_, j) => fit.rotation.map((component) => component[j]!)),
        center: fit.center === null ? false : vec(Array.from(fit.center)),
        scale: fit.scale === null ? false : vec(Array.from(fit.scale)),
      },
      transform: async (x) => fit.apply(x),
    };
  },
};

/** Back to the original units: scores · rotationᵀ, then × scale + centre. */
function reconstruct(
  transformed: Float64Array[],
  rotation: Float64Array[],
  center: Float64Array | null,
  scale: Float64Array | null,
  n: number,
): Float64Array[] {
  return Array.from({ length: rotation[0]?.length ?? 0 }, (_, j) => {
    const column = new Float64Array(n);
    transformed.forEach((scores, c) => {
      const weight = rotation[c]![j]!;
      for (let i = 0; i < n; i++) column[i] = column[i]! + scores[i]! * weight;
    });
    const s = scale?.[j] ?? 1;
    const m = center?.[j] ?? 0;
    return column.map((value) => value * s + m);
  });
}
