/**
 * Tuner config (rtemis-model §3.2): `{type: "GridSearch", config: {…}}`; omitted fields take
 * `setup_GridSearch()` defaults, and `metric` / `maximize` are resolved from the task.
 */
import type { ParamSpec } from '../catalog/schema-entry.js';
import { ConfigError } from './config-error.js';
import { buildResamplerConfig } from './resampler-config.js';
import type { OutcomeKind, TunerConfig } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkSetting } from './values.js';
import { describeJson, optionalBlock, type WireObject } from './wire.js';

const LABEL = 'GridSearch tuner';

const SEARCH_TYPE: ParamSpec = {
  name: 'search_type',
  type: 'character',
  default: 'exhaustive',
  tunable: false,
  rule: { kind: 'string', enum: ['exhaustive', 'randomized'] },
};
const RANDOMIZE_P: ParamSpec = {
  name: 'randomize_p',
  type: 'null',
  default: null,
  tunable: false,
  rule: { kind: 'number', nullable: true, exclusiveMin: 0, exclusiveMax: 1 },
};
// rtemis accepts any R function name; the engine aggregates with these two.
const AGGREGATE: ParamSpec = {
  name: 'metrics_aggregate_fn',
  type: 'character',
  default: 'mean',
  tunable: false,
  rule: { kind: 'string', enum: ['mean', 'median'] },
};
const MAXIMIZE: ParamSpec = {
  name: 'maximize',
  type: 'null',
  default: null,
  tunable: false,
  rule: { kind: 'boolean', nullable: true },
};

export const CLASSIFICATION_METRICS = [
  'sensitivity',
  'specificity',
  'balanced_accuracy',
  'ppv',
  'npv',
  'f1',
  'accuracy',
  'auc',
  'brier_score',
] as const;
export const REGRESSION_METRICS = ['mae', 'mse', 'rmse', 'rsq'] as const;
/** Defined only for two classes (multiclass metrics are balanced_accuracy, f1, accuracy). */
const BINARY_ONLY_METRICS = ['sensitivity', 'specificity', 'ppv', 'npv', 'auc', 'brier_score'];

/**
 * Metrics where larger is better. rtemis maximises only accuracy, balanced_accuracy, rsq
 * and r when `maximize` is null, so it would minimise auc or f1; we maximise every
 * larger-is-better metric instead.
 */
const LARGER_IS_BETTER = new Set<string>([
  'sensitivity',
  'specificity',
  'balanced_accuracy',
  'ppv',
  'npv',
  'f1',
  'accuracy',
  'auc',
  'rsq',
]);

export interface TunerContext {
  outcomeKind: OutcomeKind;
  /** Number of outcome classes when known (factor outcome), else null. */
  nClasses: number | null;
}

export interface BuiltTuner {
  tuner: TunerConfig;
  supplied: string[];
  resamplerSupplied: string[];
}

function resolveMetric(given: unknown, context: TunerContext): string {
  if (given === undefined || given === null) {
    return context.outcomeKind === 'factor' ? 'balanced_accuracy' : 'mse';
  }
  const allowed: readonly string[] = context.outcomeKind === 'factor' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  if (typeof given !== 'string' || !allowed.includes(given)) {
    const task = context.outcomeKind === 'factor' ? 'classification' : 'regression';
    throw new ConfigError(
      `${LABEL} \`metric\` must be a ${task} metric, one of ${allowed.join(', ')}; got ${describeJson(given)}.`,
    );
  }
  if (context.nClasses !== null && context.nClasses > 2 && BINARY_ONLY_METRICS.includes(given)) {
    throw new ConfigError(
      `${LABEL} \`metric\` \`${given}\` is defined only for binary outcomes; this outcome has ${context.nClasses} classes.`,
    );
  }
  return given;
}

export function buildTunerConfig(block: WireObject | null, context: TunerContext): BuiltTuner {
  const outer = block ?? {};
  if (block !== null) {
    if (outer['type'] !== 'GridSearch') {
      throw new ConfigError(`Unsupported tuner type: ${describeJson(outer['type'])}. The only tuner is GridSearch.`);
    }
    rejectUnknownKeys(outer, ['type', 'config'], 'tuner');
  }
  const config = optionalBlock(outer['config'], 'tuner_config.config') ?? {};
  rejectUnknownKeys(
    config,
    ['resampler_config', 'search_type', 'randomize_p', 'metrics_aggregate_fn', 'metric', 'maximize'],
    LABEL,
  );
  const setting = (spec: ParamSpec) =>
    Object.hasOwn(config, spec.name) && config[spec.name] !== null ? checkSetting(spec, config[spec.name], LABEL) : spec.default;

  const searchType = setting(SEARCH_TYPE) as TunerConfig['search_type'];
  const randomizeP = setting(RANDOMIZE_P) as number | null;
  if (searchType === 'exhaustive' && randomizeP !== null) {
    throw new ConfigError(`${LABEL} \`randomize_p\` must not be set when \`search_type\` is "exhaustive".`);
  }
  if (searchType === 'randomized' && randomizeP === null) {
    throw new ConfigError(`${LABEL} \`randomize_p\` must be set when \`search_type\` is "randomized".`);
  }
  const metric = resolveMetric(config['metric'], context);
  const maximizeGiven = setting(MAXIMIZE) as boolean | null;
  const resamplerBlock = optionalBlock(config['resampler_config'], 'tuner_config.config.resampler_config');
  const resampler =
    resamplerBlock === null
      ? ({ type: 'KFold', n_resamples: 5, stratify_var: null, strat_n_bins: 4, id_strat: null, seed: null } as const)
      : buildResamplerConfig(resamplerBlock, 'tuner_config.config.resampler_config');
  return {
    tuner: {
      type: 'GridSearch',
      resampler,
      search_type: searchType,
      randomize_p: randomizeP,
      metrics_aggregate_fn: setting(AGGREGATE) as TunerConfig['metrics_aggregate_fn'],
      metric,
      maximize: maximizeGiven ?? LARGER_IS_BETTER.has(metric),
    },
    supplied: Object.keys(config),
    resamplerSupplied: resamplerBlock === null ? [] : Object.keys(resamplerBlock),
  };
}
