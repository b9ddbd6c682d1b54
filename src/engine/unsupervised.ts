/**
 * The interfaces every decomposition and clustering algorithm implements. The runs
 * (run/decomp-run.ts, run/cluster-run.ts, and `decomposition_config` inside `train`)
 * choose the columns, build the result shapes and records, and talk to algorithms only
 * through this file; the registries (decomp/registry.ts, cluster/registry.ts) map names
 * to methods.
 */
import type { EngineJsonObject } from './contract.js';
import type { FitContext } from './learner.js';

/** The numeric columns an algorithm works on: column-major, complete or NaN = missing. */
export interface NumericData {
  /** One Float64Array per feature, each of length n. */
  x: Float64Array[];
  names: string[];
}

export interface UnsupervisedContext extends FitContext {
  /** A plain progress line from the algorithm (rtemis `msg()`), e.g. what it found. */
  message(text: string): void;
}

export interface FittedDecomposition {
  /** Component (column) names of `transformed`, e.g. `PC1`, `V1`. */
  componentNames: string[];
  /** transformed[c]: component c for every case, in input order. */
  transformed: Float64Array[];
  /** Loadings table (variables × components): loadings[c][j] = variable j's weight on component c; null when the method has none. */
  loadings: Float64Array[] | null;
  /**
   * The fitted data rebuilt from the components, in the input's original units, for the
   * reconstruction metrics; null when the method is not invertible (rtemis-model §5.9).
   */
  reconstructed: Float64Array[] | null;
  /** The backend object, served as `decom` in the result (`raw` slice). */
  decom: EngineJsonObject;
  /**
   * Components of new cases (same variables, same order), for methods whose catalogue
   * row is `applicable`: how `decomposition_config` replays a fit on held-out rows.
   */
  transform: ((x: Float64Array[], context: UnsupervisedContext) => Promise<Float64Array[]>) | null;
}

export interface DecompositionMethod<Settings> {
  /** Wire name, e.g. "PCA". */
  readonly name: string;
  fit(data: NumericData, settings: Settings, context: UnsupervisedContext): Promise<FittedDecomposition>;
}

export interface FittedClustering {
  /** 1-based cluster per case, in input order; 0 = noise (DBSCAN). */
  assignments: Int32Array;
  /** The configured number of clusters, or the number of distinct labels when the method finds it (DBSCAN). */
  k: number;
  /** The backend object, served as `clust` in the result (`raw` slice). */
  clust: EngineJsonObject;
}

export interface ClusteringMethod<Config> {
  /** Wire name, e.g. "KMeans". */
  readonly name: string;
  fit(data: NumericData, config: Config, context: UnsupervisedContext): Promise<FittedClustering>;
}
