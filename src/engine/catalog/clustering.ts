/** The clustering catalogue: `cluster.algorithms` and `cluster.algorithm.describe` (protocol §3.8–3.9). */
import type { ClusterAlgorithm } from '../config/types.js';
import { IMPLEMENTED_CLUSTERING } from './implemented.js';
import { toSchemaEntry, type ParamSpec } from './schema-entry.js';
import type { AlgorithmDescription } from './supervised.js';

export interface ClusterAlgorithmEntry {
  name: ClusterAlgorithm;
  description: string;
}

const REFERENCE_ROWS: readonly ClusterAlgorithmEntry[] = [{ name: 'KMeans', description: 'K-Means Clustering' }];

const CATALOGUE = REFERENCE_ROWS.filter((entry) => IMPLEMENTED_CLUSTERING.includes(entry.name));

/** rtemis clusterings rtemislive does not implement. */
export const REFERENCE_ONLY_CLUSTERING: readonly string[] = ['CMeans', 'DBSCAN', 'HardCL', 'NeuralGas'];

/** rtemis 1.3.7 `setup_KMeans()` arguments. */
export const KMEANS_PARAMETERS: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'dist', type: 'character', default: 'euclidean', tunable: false, choices: ['euclidean', 'manhattan'], rule: { kind: 'string', enum: ['euclidean', 'manhattan'] } },
];

const PARAMETERS: Readonly<Record<ClusterAlgorithm, readonly ParamSpec[]>> = { KMeans: KMEANS_PARAMETERS };

export function clusterAlgorithms(): ClusterAlgorithmEntry[] {
  return CATALOGUE.map((entry) => ({ ...entry }));
}

/** Case-insensitive lookup; returns the canonical spelling. */
export function findClusterAlgorithm(name: string): ClusterAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CATALOGUE.find((entry) => entry.name.toLowerCase() === lower)?.name;
}

export function clusterParameters(algorithm: ClusterAlgorithm): readonly ParamSpec[] {
  return PARAMETERS[algorithm];
}

export function describeCluster(name: string): AlgorithmDescription | undefined {
  const algorithm = findClusterAlgorithm(name);
  if (algorithm === undefined) return undefined;
  const entry = CATALOGUE.find((e) => e.name === algorithm) as ClusterAlgorithmEntry;
  return {
    name: entry.name,
    description: entry.description,
    hyperparameters: PARAMETERS[algorithm].map(toSchemaEntry),
  };
}
