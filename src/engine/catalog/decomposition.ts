/** The decomposition catalogue: `decomp.algorithms` and `decomp.algorithm.describe` (protocol §3.6–3.7). */
import type { DecompAlgorithm } from '../config/types.js';
import { IMPLEMENTED_DECOMPOSITION } from './implemented.js';
import { toSchemaEntry, type ParamSpec } from './schema-entry.js';
import type { AlgorithmDescription } from './supervised.js';

export interface DecompAlgorithmEntry {
  name: DecompAlgorithm;
  description: string;
  /** A fitted decomposition can be applied to new data (usable as `decomposition_config`). */
  applicable: boolean;
}

const REFERENCE_ROWS: readonly DecompAlgorithmEntry[] = [
  { name: 'PCA', description: 'Principal Component Analysis', applicable: true },
];

const CATALOGUE = REFERENCE_ROWS.filter((entry) => IMPLEMENTED_DECOMPOSITION.includes(entry.name));

/** rtemis decompositions rtemislive does not implement. */
export const REFERENCE_ONLY_DECOMPOSITION: readonly string[] = ['ICA', 'Isomap', 'NMF', 'tSNE', 'UMAP'];

/** rtemis 1.3.7 `setup_PCA()` arguments. */
export const PCA_PARAMETERS: readonly ParamSpec[] = [
  { name: 'k', type: 'integer', default: 3, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'center', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'scale', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'tol', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, min: 0 } },
  { name: 'features', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true, container: 'array', minItems: 2, uniqueItems: true } },
];

const PARAMETERS: Readonly<Record<DecompAlgorithm, readonly ParamSpec[]>> = { PCA: PCA_PARAMETERS };

export function decompAlgorithms(): DecompAlgorithmEntry[] {
  return CATALOGUE.map((entry) => ({ ...entry }));
}

/** Case-insensitive lookup; returns the canonical spelling. */
export function findDecompAlgorithm(name: string): DecompAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CATALOGUE.find((entry) => entry.name.toLowerCase() === lower)?.name;
}

export function decompParameters(algorithm: DecompAlgorithm): readonly ParamSpec[] {
  return PARAMETERS[algorithm];
}

export function describeDecomp(name: string): AlgorithmDescription | undefined {
  const algorithm = findDecompAlgorithm(name);
  if (algorithm === undefined) return undefined;
  const entry = CATALOGUE.find((e) => e.name === algorithm) as DecompAlgorithmEntry;
  return {
    name: entry.name,
    description: entry.description,
    hyperparameters: PARAMETERS[algorithm].map(toSchemaEntry),
  };
}
