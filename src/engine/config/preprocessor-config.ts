/**
 * Preprocessor config for `train` (rtemis-model §3.4): every `setup_Preprocessor()` argument,
 * defaults filled.
 *
 * Rejected, each with its reason:
 * - case-removing options (`complete_cases`, `remove_duplicates`, `remove_cases_thres`):
 *   a fitted preprocessor must replay on the test cases, and removing cases cannot be
 *   replayed (rtemis rejects them in `train` too);
 * - the learned-state arguments (`scale_centers`, `scale_coefficients`,
 *   `factor2integer_levels`, `one_hot_levels`): they are learned from each training set;
 * - imputation by `missRanger` or `micePMM`: the engine implements only `meanMode` (mean or
 *   median for numeric columns, mode for discrete ones).
 *
 * Imputation decision: rtemis's default `impute_type` is `missRanger`. When the user turns
 * `impute` on without naming an `impute_type`, we impute by `meanMode` and record
 * `impute_type: "meanMode"` (origin: default), so the record states what was done. When the
 * user names `missRanger` or `micePMM` explicitly, the config is rejected rather than
 * silently computing something else.
 */
import { IMPUTE_MISSRANGER_PARAMS, PREPROCESSOR_PARAMETERS } from '../catalog/preprocessor.js';
import { ConfigError } from './config-error.js';
import type { PreprocessorConfig } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkSetting, fillBlock } from './values.js';
import type { WireObject } from './wire.js';

const LABEL = 'preprocessor';

const CASE_REMOVING = ['complete_cases', 'remove_duplicates', 'remove_cases_thres'];
const LEARNED = ['scale_centers', 'scale_coefficients', 'factor2integer_levels', 'one_hot_levels'];
const IMPUTE_CONTINUOUS = ['mean', 'median'];
const IMPUTE_DISCRETE = ['get_mode'];

/** Vector defaults that `describe` reduces to their first element. */
const FULL_DEFAULTS: Partial<Record<keyof PreprocessorConfig, unknown>> = {
  date_features: ['weekday', 'month', 'year'],
  holidays: ['USLaborDay', 'NewYearsDay', 'ChristmasDay'],
};

function isSet(value: unknown): boolean {
  return value !== null && value !== false;
}

export function buildPreprocessorConfig(block: WireObject): PreprocessorConfig {
  const specs = [...PREPROCESSOR_PARAMETERS, IMPUTE_MISSRANGER_PARAMS];
  rejectUnknownKeys(
    block,
    specs.map((s) => s.name),
    LABEL,
  );
  const values = fillBlock(specs, block, LABEL, checkSetting);
  for (const [name, value] of Object.entries(FULL_DEFAULTS)) {
    if (!Object.hasOwn(block, name)) values[name] = structuredClone(value) as never;
  }
  for (const name of CASE_REMOVING) {
    if (isSet(values[name])) {
      throw new ConfigError(
        `preprocessor_config \`${name}\` removes cases, which a fitted preprocessor cannot replay on test cases; clean the data before uploading instead.`,
      );
    }
  }
  for (const name of LEARNED) {
    if (values[name] !== null) {
      throw new ConfigError(`preprocessor_config \`${name}\` is learned from each training set and cannot be set.`);
    }
  }
  if (values['impute'] === true) {
    if (!Object.hasOwn(block, 'impute_type')) {
      values['impute_type'] = 'meanMode';
    } else if (values['impute_type'] !== 'meanMode') {
      throw new ConfigError(
        `preprocessor_config \`impute_type\` "${String(values['impute_type'])}" is not available in rtemislive; use "meanMode".`,
      );
    }
    if (!IMPUTE_CONTINUOUS.includes(values['impute_continuous'] as string)) {
      throw new ConfigError(
        `preprocessor_config \`impute_continuous\` must be one of ${IMPUTE_CONTINUOUS.map((f) => `\`${f}\``).join(', ')}.`,
      );
    }
    if (!IMPUTE_DISCRETE.includes(values['impute_discrete'] as string)) {
      throw new ConfigError('preprocessor_config `impute_discrete` must be `get_mode`.');
    }
  }
  return values as unknown as PreprocessorConfig;
}
