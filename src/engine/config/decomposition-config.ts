/**
 * Decomposition configs: the `decomp` job (protocol §3.28) and a `train` run's
 * `decomposition_config` (`{algorithm, config, features?}`, rtemis-model §4.1), for every
 * algorithm of the decomposition catalogue.
 */
import {
  APPLICABLE_DECOMPOSITION,
  decompParameters,
  findDecompAlgorithm,
  referenceDecomposition,
} from '../catalog/decomposition.js';
import { IMPLEMENTED_DECOMPOSITION } from '../catalog/implemented.js';
import type { ParamSpec } from '../catalog/schema-entry.js';
import { ConfigError } from './config-error.js';
import type { DecompAlgorithm, DecompConfig, DecompositionConfig, DecompositionParametersOf } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { fillBlock } from './values.js';
import { describeJson, normalizeWire, optionalBlock, type WireObject } from './wire.js';

function resolveAlgorithm(name: unknown): DecompAlgorithm {
  if (typeof name !== 'string') {
    throw new ConfigError(`Decomposition \`algorithm\` must be a string; got ${describeJson(name)}.`);
  }
  const algorithm = findDecompAlgorithm(name);
  if (algorithm !== undefined) return algorithm;
  const known = referenceDecomposition(name);
  if (known !== undefined) {
    throw new ConfigError(
      `Decomposition algorithm \`${known.name}\` is not available in rtemislive; available: ${IMPLEMENTED_DECOMPOSITION.join(', ')}.`,
    );
  }
  throw new ConfigError(`Unknown decomposition algorithm \`${name}\`.`);
}

/** The algorithm's complete argument map (specs and type agree: catalog/decomposition-parameters.ts). */
function buildParams(algorithm: DecompAlgorithm, params: WireObject): DecompositionParametersOf[DecompAlgorithm] {
  const specs: readonly ParamSpec[] = decompParameters(algorithm);
  const label = `${algorithm} decomposition`;
  rejectUnknownKeys(
    params,
    specs.map((s) => s.name),
    label,
  );
  return fillBlock(specs, params, label) as unknown as DecompositionParametersOf[DecompAlgorithm];
}

/** Config of a `decomp` job: `algorithm` case-insensitive, `config` the flat argument map. */
export function buildDecompConfig(algorithm: string, config: Record<string, unknown>): DecompConfig {
  const canonical = resolveAlgorithm(algorithm);
  const params = optionalBlock(normalizeWire(config), 'config') ?? {};
  return { algorithm: canonical, config: buildParams(canonical, params) } as DecompConfig;
}

export interface BuiltDecomposition {
  decomposition: DecompositionConfig;
  supplied: string[];
}

/** A `train` run's `decomposition_config` block (already wire-normalised). */
export function buildTrainDecomposition(block: WireObject): BuiltDecomposition {
  if (block['algorithm'] === undefined || block['algorithm'] === null) {
    throw new ConfigError('`algorithm` is required to build a DecompositionConfig.');
  }
  const name = block['algorithm'];
  if (typeof name === 'string' && referenceDecomposition(name)?.applicable === false) {
    throw new ConfigError(
      `Decomposition algorithm '${name}' cannot be applied on new data. Supported algorithms: ${APPLICABLE_DECOMPOSITION.join(', ')}.`,
    );
  }
  const algorithm = resolveAlgorithm(name);
  rejectUnknownKeys(block, ['algorithm', 'config', 'features'], 'decomposition config');
  const config = optionalBlock(block['config'], 'decomposition_config.config') ?? {};
  const params: WireObject = { ...config };
  // `features` is a sibling of `config`, as the published schema declares; inside `config` it also reaches setup_PCA().
  if (block['features'] !== undefined && block['features'] !== null) params['features'] = block['features'];
  const { features, ...rest } = buildParams(algorithm, params);
  return {
    decomposition: { algorithm, config: rest, features } as DecompositionConfig,
    supplied: [...Object.keys(config), ...(Object.hasOwn(block, 'features') ? ['features'] : [])],
  };
}
