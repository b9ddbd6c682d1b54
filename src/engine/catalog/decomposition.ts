/** The decomposition catalogue: `decomp.algorithms` and `decomp.algorithm.describe` (protocol §3.6–3.7). */
import type { DecompAlgorithm } from '../config/types.js';
import { DECOMPOSITION_PARAMETERS } from './decomposition-parameters.js';
import { IMPLEMENTED_DECOMPOSITION } from './implemented.js';
import { toSchemaEntry, type ParamSpec } from './schema-entry.js';
import type { AlgorithmDescription } from './supervised.js';

export interface DecompAlgorithmEntry {
  name: DecompAlgorithm;
  description: string;
  /** A fitted decomposition can be applied to new data (usable as `decomposition_config`). */
  applicable: boolean;
}

/** The name column is wider than the implemented union: rtemis lists 6. */
interface ReferenceRow extends Omit<DecompAlgorithmEntry, 'name'> {
  name: string;
}

/**
 * rtemis 1.3.7 `decomp.algorithms` rows (rtemis-model §2.1), all 6, in reference order.
 * The wire catalogue shows the implemented ones (those with parameters) in this order.
 */
const REFERENCE_ROWS: readonly ReferenceRow[] = [
  { name: 'ICA', description: 'Independent Component Analysis', applicable: true },
  { name: 'Isomap', description: 'Isomap', applicable: false },
  { name: 'NMF', description: 'Non-negative Matrix Factorization', applicable: true },
  { name: 'PCA', description: 'Principal Component Analysis', applicable: true },
  { name: 'tSNE', description: 't-distributed Stochastic Neighbor Embedding', applicable: false },
  { name: 'UMAP', description: 'Uniform Manifold Approximation and Projection', applicable: true },
];

function isImplemented(row: ReferenceRow): row is DecompAlgorithmEntry {
  return (IMPLEMENTED_DECOMPOSITION as readonly string[]).includes(row.name);
}

const CATALOGUE: readonly DecompAlgorithmEntry[] = REFERENCE_ROWS.filter(isImplemented);

/** rtemis decompositions rtemislive does not implement. */
export const REFERENCE_ONLY_DECOMPOSITION: readonly string[] = REFERENCE_ROWS.filter((row) => !isImplemented(row)).map((row) => row.name);

/** rtemis's spelling of any of its 6 decompositions (implemented or not), case-insensitive. */
export function referenceDecomposition(name: string): { name: string; applicable: boolean } | undefined {
  const row = REFERENCE_ROWS.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  return row === undefined ? undefined : { name: row.name, applicable: row.applicable };
}

/** Implemented decompositions that can be applied to new data, i.e. used inside `train`. */
export const APPLICABLE_DECOMPOSITION: readonly DecompAlgorithm[] = CATALOGUE.filter((entry) => entry.applicable).map((entry) => entry.name);

export function decompAlgorithms(): DecompAlgorithmEntry[] {
  return CATALOGUE.map((entry) => ({ ...entry }));
}

/** Case-insensitive lookup; returns the canonical spelling. */
export function findDecompAlgorithm(name: string): DecompAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CATALOGUE.find((entry) => entry.name.toLowerCase() === lower)?.name;
}

export function decompParameters(algorithm: DecompAlgorithm): readonly ParamSpec[] {
  return DECOMPOSITION_PARAMETERS[algorithm];
}

export function describeDecomp(name: string): AlgorithmDescription | undefined {
  const algorithm = findDecompAlgorithm(name);
  if (algorithm === undefined) return undefined;
  const entry = CATALOGUE.find((e) => e.name === algorithm) as DecompAlgorithmEntry;
  return {
    name: entry.name,
    description: entry.description,
    hyperparameters: DECOMPOSITION_PARAMETERS[algorithm].map(toSchemaEntry),
  };
}
