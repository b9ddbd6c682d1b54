/** Algorithm name → method, for every implemented clustering (catalog/clustering-parameters.ts). */
import type { ClusterAlgorithm, ClusteringParametersOf } from '../config/types.js';
import type { ClusteringMethod } from '../unsupervised.js';
import { cmeansMethod } from './cmeans.js';
import { dbscanMethod } from './dbscan.js';
import { hardclMethod } from './hardcl.js';
import { kmeansMethod } from './kmeans.js';
import { neuralgasMethod } from './neuralgas.js';

const REGISTRY: { [A in ClusterAlgorithm]: ClusteringMethod<ClusteringParametersOf[A]> } = {
  CMeans: cmeansMethod,
  DBSCAN: dbscanMethod,
  HardCL: hardclMethod,
  KMeans: kmeansMethod,
  NeuralGas: neuralgasMethod,
};

/** The method of `algorithm`; it takes the config's arguments as they are. */
export function clusteringMethod(algorithm: ClusterAlgorithm): ClusteringMethod<Record<string, unknown>> {
  const found = REGISTRY[algorithm] as ClusteringMethod<never> | undefined;
  if (found === undefined) throw new Error(`Clustering ${algorithm} is not available in this engine.`);
  return found as ClusteringMethod<Record<string, unknown>>;
}
