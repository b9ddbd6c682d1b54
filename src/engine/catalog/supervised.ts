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

/** The name/description column type is wider than the implemented union: rtemis lists 27. */
interface ReferenceRow extends Omit<SupervisedAlgorithmEntry, 'name'> {
  name: string;
}

/**
 * rtemis 1.3.7 catalogue rows (Appendix A.1), all 27, in reference order. The wire catalogue
 * shows the implemented ones (those with parameters in the catalogue) in this order.
 */
const REFERENCE_ROWS: readonly ReferenceRow[] = [
  { name: 'BART', description: 'Bayesian Additive Regression Trees', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'CART', description: 'Classification and Regression Trees', supports_classification: true, supports_regression: true, supports_survival: true },
  { name: 'ConditionalSuperLearner', description: 'Conditional SuperLearner', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'GAM', description: 'Generalized Additive Model', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'GLM', description: 'Generalized Linear Model', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'GLMNET', description: 'Elastic Net', supports_classification: true, supports_regression: true, supports_survival: true },
  { name: 'GLMTree', description: 'Model-Based Recursive Partitioning', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'HAL', description: 'Highly Adaptive Lasso', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'Isotonic', description: 'Isotonic Regression', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'MonotonicHAL', description: 'Monotonic Highly Adaptive Lasso', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'KNN', description: 'k-Nearest Neighbors', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LightCART', description: 'Decision Tree', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LightGBM', description: 'Gradient Boosting', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LightRF', description: 'LightGBM Random Forest', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LightRuleFit', description: 'LightGBM RuleFit', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LINAD', description: 'Linear Additive Tree', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LINADForest', description: 'Linear Additive Tree Forest', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'MARS', description: 'Multivariate Adaptive Regression Splines', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'MLP', description: 'Multilayer Perceptron', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'ModalityStacking', description: 'Per-Modality Stacked Ensemble', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'NNLS', description: 'Non-negative Least Squares', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'Ranger', description: 'Random Forest', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'SuperLearner', description: 'Cross-validated Stacked Ensemble', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'LinearSVM', description: 'Support Vector Machine with Linear Kernel', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'RadialSVM', description: 'Support Vector Machine with Radial Kernel', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'SPLS', description: 'Sparse Partial Least Squares', supports_classification: true, supports_regression: true, supports_survival: false },
  { name: 'TabNet', description: 'Attentive Interpretable Tabular Learning', supports_classification: true, supports_regression: true, supports_survival: false },
];

function isImplemented(row: ReferenceRow): row is SupervisedAlgorithmEntry {
  return (IMPLEMENTED_SUPERVISED as readonly string[]).includes(row.name);
}

const CATALOGUE: readonly SupervisedAlgorithmEntry[] = REFERENCE_ROWS.filter(isImplemented);

/**
 * rtemis algorithms rtemislive does not implement; named so an error can say "not available
 * here" rather than "unknown".
 */
export const REFERENCE_ONLY_SUPERVISED: readonly string[] = REFERENCE_ROWS.filter((row) => !isImplemented(row)).map((row) => row.name);

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
