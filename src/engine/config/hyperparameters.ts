/**
 * The `hyperparameters` block of `train`: a flat map of `setup_<algorithm>()` arguments
 * (rtemis-model §1.2–1.3). The result is complete — every describe argument, defaults
 * filled — and a tuned argument is a `{candidates}` search space.
 */
import { IMPLEMENTED_SUPERVISED } from '../catalog/implemented.js';
import { REFERENCE_ONLY_SUPERVISED, findSupervisedAlgorithm } from '../catalog/supervised.js';
import { SUPERVISED_PARAMETERS } from '../catalog/supervised-parameters.js';
import { ConfigError } from './config-error.js';
import type { SupervisedAlgorithm } from './types.js';
import { resolveSuperLearner } from './super-learner-config.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkParam, fillBlock } from './values.js';
import { describeJson, type WireObject } from './wire.js';

/**
 * Names match case-insensitively, as in the describe methods, and resolve to the canonical
 * spelling; an rtemis algorithm we do not implement is said to be unavailable.
 */
export function resolveSupervisedAlgorithm(name: unknown): SupervisedAlgorithm {
  if (typeof name !== 'string' || name === '') {
    throw new ConfigError(`\`algorithm\` must be an algorithm name; got ${describeJson(name)}.`);
  }
  const canonical = findSupervisedAlgorithm(name);
  if (canonical !== undefined) return canonical;
  const known = REFERENCE_ONLY_SUPERVISED.find((n) => n.toLowerCase() === name.toLowerCase());
  if (known !== undefined) {
    throw new ConfigError(
      `Algorithm \`${known}\` is not available in rtemislive; available: ${IMPLEMENTED_SUPERVISED.join(', ')}.`,
    );
  }
  throw new ConfigError(`Invalid algorithm: ${name}.`);
}

export function buildHyperparameters(algorithm: SupervisedAlgorithm, block: WireObject): Record<string, unknown> {
  const specs = SUPERVISED_PARAMETERS[algorithm];
  const label = `${algorithm} hyperparameter`;
  rejectUnknownKeys(
    block,
    specs.map((s) => s.name),
    label,
  );
  const filled = fillBlock(specs, block, label, checkParam);
  if (algorithm === 'SuperLearner') {
    return resolveSuperLearner(filled, { resolve: resolveSupervisedAlgorithm, build: buildHyperparameters });
  }
  return filled;
}
