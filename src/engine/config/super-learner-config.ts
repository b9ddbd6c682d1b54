/**
 * SuperLearner's nested arguments (rtemis `setup_SuperLearner()`): the library and the meta
 * learner are `{algorithm, hyperparameters}` objects, each checked as that algorithm's own
 * `hyperparameters` block and completed with its defaults; the inner resampler is a flat
 * resampler object that must hold every case out exactly once (KFold or LOOCV), as rtemis
 * requires. What the engine cannot do inside a fit is refused here, at submission.
 */
import type { SupervisedAlgorithm } from './types.js';
import { isSearchSpace, type NestedLearner, type ResamplerConfig, type SearchSpace, type Value } from './types.js';
import { ConfigError } from './config-error.js';
import { buildResamplerConfig } from './resampler-config.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { describeJson, type WireObject } from './wire.js';

const LABEL = 'SuperLearner hyperparameter';
// rtemis: "needs each case held out exactly once".
const PARTITIONING_RESAMPLERS = ['KFold', 'LOOCV'];

export interface NestedBuilders {
  resolve: (name: unknown) => SupervisedAlgorithm;
  build: (algorithm: SupervisedAlgorithm, block: WireObject) => Record<string, unknown>;
}

/** Completes `filled` (already checked against the catalogue rules) in place and returns it. */
export function resolveSuperLearner(filled: Record<string, unknown>, builders: NestedBuilders): Record<string, unknown> {
  const library = filled['base_learners'] as unknown[];
  if (library.length < 2) {
    throw new ConfigError(`${LABEL} \`base_learners\` must hold at least 2 learners; with one there is nothing to combine.`);
  }
  const expand = filled['expand_search_spaces'] === true;
  filled['base_learners'] = library.map((item, index) => {
    const learner = nestedLearner(item, `base_learners[${index + 1}]`, builders);
    const tuned = Object.keys(learner.hyperparameters).filter((name) => isSearchSpace(learner.hyperparameters[name]));
    if (tuned.length > 0 && !expand) {
      throw new ConfigError(
        `${LABEL} \`expand_search_spaces\` = false (tuning a base learner by inner resampling in every fold) is not supported by rtemislive; ` +
          `keep it true so ${learner.algorithm}'s search space over ${tuned.join(', ')} becomes one library entry per combination.`,
      );
    }
    return learner;
  });
  const meta = nestedLearner(filled['meta_learner'], 'meta_learner', builders);
  const metaTuned = Object.keys(meta.hyperparameters).filter((name) => isSearchSpace(meta.hyperparameters[name]));
  if (metaTuned.length > 0) {
    throw new ConfigError(`${LABEL} \`meta_learner\` cannot hold search spaces (${metaTuned.join(', ')}) in rtemislive; give it fixed values.`);
  }
  filled['meta_learner'] = meta;
  filled['inner_resampling_config'] = innerResampler(filled['inner_resampling_config']);
  return filled;
}

function nestedLearner(value: unknown, where: string, builders: NestedBuilders): NestedLearner {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${LABEL} \`${where}\` must be an object {"algorithm": ..., "hyperparameters": {...}}; got ${describeJson(value)}.`);
  }
  const block = value as WireObject;
  rejectUnknownKeys(block, ['algorithm', 'hyperparameters'], `${LABEL} \`${where}\``);
  if (!Object.hasOwn(block, 'algorithm')) {
    throw new ConfigError(`${LABEL} \`${where}\` needs \`algorithm\`, e.g. {"algorithm": "GLM"}.`);
  }
  const algorithm = builders.resolve(block['algorithm']);
  if (algorithm === 'SuperLearner') throw new ConfigError(`${LABEL} \`${where}\` cannot be a SuperLearner.`);
  const given = block['hyperparameters'] ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new ConfigError(`${LABEL} \`${where}\` \`hyperparameters\` must be an object; got ${describeJson(given)}.`);
  }
  let hyperparameters: Record<string, Value | SearchSpace>;
  try {
    hyperparameters = builders.build(algorithm, given as WireObject) as Record<string, Value | SearchSpace>;
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`SuperLearner \`${where}\`: ${error.message}`);
    throw error;
  }
  return { algorithm, hyperparameters };
}

function innerResampler(value: unknown): ResamplerConfig {
  const where = 'SuperLearner inner_resampling_config';
  const config = buildResamplerConfig(value as WireObject, where);
  if (!PARTITIONING_RESAMPLERS.includes(config.type)) {
    throw new ConfigError(
      `SuperLearner needs each case held out exactly once, so \`inner_resampling_config\` must be one of: ${PARTITIONING_RESAMPLERS.join(', ')}; got '${config.type}'.`,
    );
  }
  if (config.type === 'KFold' && (config.stratify_var !== null || config.id_strat !== null)) {
    throw new ConfigError(`${where}: \`stratify_var\` and \`id_strat\` are not supported inside a SuperLearner (the inner folds stratify on the outcome).`);
  }
  return config;
}
