/**
 * `resampler.describe` (protocol §3.10, rtemis-model §3.1) and the keys each resampler type
 * accepts on the wire (its own properties only: `train_p` on a KFold is an error).
 */
import type { ResamplerType } from '../config/types.js';
import { toSchemaEntry, type ParamSpec, type SchemaEntry } from './schema-entry.js';

const seedRule = { kind: 'integer', nullable: true, min: 0 } as const;

/** `setup_Resampler()` arguments; rules from schemas/resampler/<type>/v1. */
export const RESAMPLER_PARAMETERS: readonly ParamSpec[] = [
  { name: 'n_resamples', type: 'integer', default: 10, tunable: false, rule: { kind: 'integer', min: 1 } },
  {
    name: 'type',
    type: 'character',
    default: 'KFold',
    tunable: false,
    choices: ['KFold', 'StratSub', 'StratBoot', 'Bootstrap', 'LOOCV', 'Custom'],
    rule: { kind: 'string', enum: ['KFold', 'StratSub', 'StratBoot', 'Bootstrap', 'LOOCV', 'Custom'] },
  },
  { name: 'stratify_var', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  { name: 'train_p', type: 'double', default: 0.75, tunable: false, rule: { kind: 'number', exclusiveMin: 0, exclusiveMax: 1 } },
  { name: 'strat_n_bins', type: 'integer', default: 4, tunable: false, rule: { kind: 'integer', min: 1 } },
  { name: 'target_length', type: 'null', default: null, tunable: false, rule: { kind: 'integer', nullable: true, min: 1 } },
  { name: 'id_strat', type: 'null', default: null, tunable: false, rule: { kind: 'string', nullable: true } },
  // Custom resamples are positions in one dataset and have no wire form.
  { name: 'resamples', type: 'null', default: null, tunable: false, rule: { kind: 'object', nullable: true } },
  { name: 'seed', type: 'null', default: null, tunable: false, rule: seedRule },
  // Not part of the config object: the constructor's message level.
  { name: 'verbosity', type: 'integer', default: 1, tunable: false, rule: { kind: 'integer', min: 0 } },
];

/** Wire keys (besides `type`) accepted per type. LOOCV tolerates `n_resamples` and ignores it. */
export const RESAMPLER_KEYS: Readonly<Record<ResamplerType, readonly string[]>> = {
  KFold: ['n_resamples', 'stratify_var', 'strat_n_bins', 'id_strat', 'seed'],
  StratSub: ['n_resamples', 'train_p', 'stratify_var', 'strat_n_bins', 'id_strat', 'seed'],
  StratBoot: ['n_resamples', 'train_p', 'stratify_var', 'strat_n_bins', 'target_length', 'id_strat', 'seed'],
  Bootstrap: ['n_resamples', 'id_strat', 'seed'],
  LOOCV: ['n_resamples'],
};

export function resamplerParameters(): SchemaEntry[] {
  return RESAMPLER_PARAMETERS.map(toSchemaEntry);
}
