/** The supervised catalogue: `algorithms` and `algorithm.describe` (protocol §3.4–3.5). */
import type { SupervisedAlgorithm } from '../config/types.js';
import { IMPLEMENTED_SUPERVISED } from './implemented.js';
import { toSchemaEntry, type SchemaEntry } from './schema-entry.js';
import { SUPERVISED_PARAMETERS } from './supervised-parameters.js';

export interface SupervisedAlgorithmEntry {
  name: SupervisedAlgorithm;
  description: string;
  supports_classification: boolean;
  supports_regression: boolean;
  supports_survival: boolean;
}

export interface AlgorithmDescription {
  name: string;
  description: string;
  hyperparameters: SchemaEntry[];
}

/** rtemis 1.3.7 catalogue rows (Appendix A.1) of the algorithms we implement, in reference order. */
const REFERENCE_ROWS: readonly SupervisedAlgorithmEntry[] = [
  {
    name: 'CART',
    description: 'Classification and Regression Trees',
    supports_classification: true,
    supports_regression: true,
    supports_survival: true,
  },
  {
    name: 'GLM',
    description: 'Generalized Linear Model',
    supports_classification: true,
    supports_regression: true,
    supports_survival: false,
  },
  {
    name: 'LightCART',
    description: 'Decision Tree',
    supports_classification: true,
    supports_regression: true,
    supports_survival: false,
  },
  {
    name: 'LightGBM',
    description: 'Gradient Boosting',
    supports_classification: true,
    supports_regression: true,
    supports_survival: false,
  },
  {
    name: 'LightRF',
    description: 'LightGBM Random Forest',
    supports_classification: true,
    supports_regression: true,
    supports_survival: false,
  },
  {
    name: 'Ranger',
    description: 'Random Forest',
    supports_classification: true,
    supports_regression: true,
    supports_survival: false,
  },
];

const CATALOGUE = REFERENCE_ROWS.filter((entry) => IMPLEMENTED_SUPERVISED.includes(entry.name));

/**
 * rtemis algorithms rtemislive does not implement; named so an error can say "not available
 * here" rather than "unknown".
 */
export const REFERENCE_ONLY_SUPERVISED: readonly string[] = [
  'BART',
  'ConditionalSuperLearner',
  'GAM',
  'GLMNET',
  'GLMTree',
  'HAL',
  'Isotonic',
  'MonotonicHAL',
  'KNN',
  'LightRuleFit',
  'LINAD',
  'LINADForest',
  'MARS',
  'MLP',
  'ModalityStacking',
  'NNLS',
  'SuperLearner',
  'LinearSVM',
  'RadialSVM',
  'SPLS',
  'TabNet',
];

export function supervisedAlgorithms(): SupervisedAlgorithmEntry[] {
  return CATALOGUE.map((entry) => ({ ...entry }));
}

/** Case-insensitive lookup; returns the canonical spelling. */
export function findSupervisedAlgorithm(name: string): SupervisedAlgorithm | undefined {
  const lower = name.toLowerCase();
  return CATALOGUE.find((entry) => entry.name.toLowerCase() === lower)?.name;
}

export function describeSupervised(name: string): AlgorithmDescription | undefined {
  const algorithm = findSupervisedAlgorithm(name);
  if (algorithm === undefined) return undefined;
  const entry = CATALOGUE.find((e) => e.name === algorithm) as SupervisedAlgorithmEntry;
  return {
    name: entry.name,
    description: entry.description,
    hyperparameters: SUPERVISED_PARAMETERS[algorithm].map(toSchemaEntry),
  };
}
