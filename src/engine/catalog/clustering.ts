/** The clustering catalogue: `cluster.algorithms` and `cluster.algorithm.describe` (protocol §3.8–3.9). */
import type { ClusterAlgorithm } from '../config/types.js';
import { CLUSTERING_PARAMETERS } from './clustering-parameters.js';
import { IMPLEMENTED_CLUSTERING } from './implemented.js';
import { toSchemaEntry, type ParamSpec } from './schema-entry.js';
import type { AlgorithmDescription } from './supervised.js';

export interface ClusterAlgorithmEntry {
  name: ClusterAlgorithm;
  description: string;
}

/** The name column is wider than the implemented union: rtemis lists 5. */
interface ReferenceRow extends Omit<ClusterAlgorithmEntry, 'name'> {
  name: string;
}

/**
 * rtemis 1.3.7 `cluster.algorithms` rows (rtemis-model §2.2), all 5, in reference order.
 * The wire catalogue shows the implemented ones (those with parameters) in this order.
 */
const REFERENCE_ROWS: readonly ReferenceRow[] = [
  { name: 'CMeans', description: 'Fuzzy C-means Clustering' },
  { name: 'DBSCAN', description: 'Density-based spatial clustering of applications with noise' },
  { name: 'HardCL', description: 'Hard Competitive Learning' },
  { name: 'KMeans', description: 'K-Means Clustering' },
  { name: 'NeuralGas', description: 'Neural Gas Clustering' },
];

function isImplemented(row: ReferenceRow): row is ClusterAlgorithmEntry {
  return (IMPLEMENTED_CLUSTERING as readonly string[]).includes(row.name);
}

const CATALOGUE: readonly ClusterAlgorithmEntry[] = REFERENCE_ROWS.filter(isImplemented);

/** rtemis clusterings rtemislive does not implement. */
export const REFERENCE_ONLY_CLUSTERING: readonly string[] = REFERENCE_ROWS.filter((row) => !isImplemented(row)).map((row) => row.name);

export function clusterAlgorithms(): ClusterAlgorithmEntry[] {
  return CATALOGUE.map((entry) => ({ ...entry }));
}

/** Case-insensitive lookup; returns the canonical spelling. */
export function findClusterAlgorithm(name: string): ClusterAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CATALOGUE.find((entry) => entry.name.toLowerCase() === lower)?.name;
}

export function clusterParameters(algorithm: ClusterAlgorithm): readonly ParamSpec[] {
  return CLUSTERING_PARAMETERS[algorithm];
}

export function describeCluster(name: string): AlgorithmDescription | undefined {
  const algorithm = findClusterAlgorithm(name);
  if (algorithm === undefined) return undefined;
  const entry = CATALOGUE.find((e) => e.name === algorithm) as ClusterAlgorithmEntry;
  return {
    name: entry.name,
    description: entry.description,
    hyperparameters: CLUSTERING_PARAMETERS[algorithm].map(toSchemaEntry),
  };
}
