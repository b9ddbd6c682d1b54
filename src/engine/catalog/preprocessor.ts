/**
 * `preprocessor.describe` (protocol §3.11): every `setup_Preprocessor()` argument in
 * declaration order except `impute_missRanger_params` (a nested object with no scalar
 * control; `train` still accepts it), with rules from schemas/preprocessor/v1.
 *
 * Imputation: rtemislive implements only `meanMode`. `missRanger` and `micePMM` stay listed
 * (the describe data is rtemis's), and the config builder rejects them when asked for
 * explicitly; see preprocessor-config.ts.
 * `add_date_features` / `add_holidays` act on date columns, which uploads never produce
 * (dates arrive as numbers, protocol B.21), so in rtemislive they have no effect.
 */
import { toSchemaEntry, type ParamSpec, type SchemaEntry } from './schema-entry.js';

export const PREPROCESSOR_PARAMETERS: readonly ParamSpec[] = [
  { name: 'complete_cases', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'remove_features_thres', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, max: 1, exclusiveMin: 0 } },
  { name: 'remove_cases_thres', type: 'null', default: null, tunable: false, rule: { kind: 'number', nullable: true, max: 1, exclusiveMin: 0 } },
  { name: 'missingness', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'impute', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'impute_type', type: 'character', default: 'missRanger', tunable: false, choices: ['missRanger', 'micePMM', 'meanMode'], rule: { kind: 'string', enum: ['missRanger', 'micePMM', 'meanMode'] } },
  { name: 'impute_discrete', type: 'character', default: 'get_mode', tunable: false, rule: { kind: 'string' } },
  { name: 'impute_continuous', type: 'character', default: 'mean', tunable: false, rule: { kind: 'string' } },
  { name: 'integer2factor', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'integer2numeric', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'logical2factor', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'logical2numeric', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'numeric2factor', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'numeric2factor_levels', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true, container: 'array', minItems: 1 } },
  { name: 'numeric_cut_n', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'numeric_cut_labels', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'numeric_quant_n', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'numeric_quant_NAonly', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'unique_len2factor', type: 'integer', default: 0, tunable: false, rule: { kind: 'integer', min: 0 } },
  { name: 'character2factor', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'factorNA2missing', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'factorNA2missing_level', type: 'character', default: 'missing', tunable: false, rule: { kind: 'string' } },
  { name: 'factor2integer', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'factor2integer_startat0', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'factor2integer_levels', type: 'null', default: null, tunable: false, rule: { kind: 'map', nullable: true } },
  { name: 'scale', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'center', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'scale_centers', type: 'null', default: null, tunable: false, rule: { kind: 'map', nullable: true } },
  { name: 'scale_coefficients', type: 'null', default: null, tunable: false, rule: { kind: 'map', nullable: true } },
  { name: 'remove_constants', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'remove_constants_skip_missing', type: 'logical', default: true, tunable: false, rule: { kind: 'boolean' } },
  { name: 'remove_features', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true, container: 'array', minItems: 1 } },
  { name: 'remove_duplicates', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'one_hot', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'one_hot_levels', type: 'null', default: null, tunable: false, rule: { kind: 'map', nullable: true } },
  { name: 'add_date_features', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'date_features', type: 'character', default: 'weekday', tunable: false, choices: ['weekday', 'month', 'year'], rule: { kind: 'string', container: 'array', enum: ['weekday', 'month', 'year'], minItems: 1 } },
  { name: 'add_holidays', type: 'logical', default: false, tunable: false, rule: { kind: 'boolean' } },
  { name: 'holidays', type: 'character', default: 'USLaborDay', tunable: false, choices: ['USLaborDay', 'NewYearsDay', 'ChristmasDay'], rule: { kind: 'string', container: 'array', minItems: 1, uniqueItems: true } },
  { name: 'exclude', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, container: 'array', minItems: 1 } },
];

/** Accepted by `train` but not described (see above). Server default per rtemis-model §3.4. */
export const IMPUTE_MISSRANGER_PARAMS: ParamSpec = {
  name: 'impute_missRanger_params',
  type: 'other',
  default: { 'pmm.k': 3, maxiter: 10, 'num.trees': 500 },
  tunable: false,
  rule: { kind: 'object' },
};

export function preprocessorParameters(): SchemaEntry[] {
  return PREPROCESSOR_PARAMETERS.map(toSchemaEntry);
}
