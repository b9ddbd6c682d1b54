/**
 * Resampler configs (rtemis-model §3.1): flat `{type, …that type's keys}`, used for
 * `outer_resampling_config` and the tuner's inner `resampler_config`.
 */
import { RESAMPLER_KEYS, RESAMPLER_PARAMETERS } from '../catalog/resampler.js';
import type { ParamSpec } from '../catalog/schema-entry.js';
import { ConfigError } from './config-error.js';
import type { ResamplerConfig, ResamplerType } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkSetting } from './values.js';
import { describeJson, type WireObject } from './wire.js';

const TYPES = Object.keys(RESAMPLER_KEYS) as ResamplerType[];

function spec(name: string): ParamSpec {
  return RESAMPLER_PARAMETERS.find((p) => p.name === name) as ParamSpec;
}

/** `where` names the block in messages, e.g. "outer_resampling_config". */
export function buildResamplerConfig(block: WireObject, where: string): ResamplerConfig {
  const type = block['type'];
  if (type === 'Custom') {
    throw new ConfigError(
      `${where}: Custom resampling cannot be read from a config: its resamples are positions in one dataset and have no wire form.`,
    );
  }
  if (typeof type !== 'string' || !TYPES.includes(type as ResamplerType)) {
    throw new ConfigError(
      `${where} needs \`type\`, one of ${TYPES.join(', ')}; got ${describeJson(type)}.`,
    );
  }
  const resamplerType = type as ResamplerType;
  const accepted = RESAMPLER_KEYS[resamplerType];
  rejectUnknownKeys(block, ['type', ...accepted], `${resamplerType} resampler`);
  if (resamplerType === 'LOOCV') {
    if (Object.hasOwn(block, 'n_resamples')) checkSetting(spec('n_resamples'), block['n_resamples'], 'LOOCV resampler');
    return { type: 'LOOCV' };
  }
  const values: Record<string, unknown> = { type: resamplerType };
  for (const key of accepted) {
    const param = spec(key);
    values[key] = Object.hasOwn(block, key) ? checkSetting(param, block[key], `${resamplerType} resampler`) : param.default;
  }
  return values as unknown as ResamplerConfig;
}

