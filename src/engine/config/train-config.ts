/**
 * `train` params → validated TrainConfig (protocol §3.27, test vectors 117–124,
 * rtemis-model §4.1). Accepts the flat wire form (`algorithm` at top level, flat
 * `hyperparameters`) and the canonical document form (`hyperparameters: {algorithm,
 * hyperparameters}`, no top-level `algorithm`).
 */
import { WITHOUT_CASE_WEIGHTS } from '../catalog/case-weights.js';
import { tunesOnNull } from '../catalog/tune-on-null.js';
import { ConfigError } from './config-error.js';
import { buildTrainDecomposition } from './decomposition-config.js';
import { buildExecutionConfig } from './execution-config.js';
import { buildHyperparameters, resolveSupervisedAlgorithm } from './hyperparameters.js';
import { buildPreprocessorConfig } from './preprocessor-config.js';
import { buildResamplerConfig } from './resampler-config.js';
import { buildTunerConfig } from './tuner-config.js';
import { isSearchSpace, type OutcomeKind, type ResamplerConfig, type SuppliedKeys, type TrainConfig } from './types.js';
import { rejectUnknownKeys } from './unknown-keys.js';
import { checkSetting } from './values.js';
import { describeJson, normalizeWire, optionalBlock, type WireObject } from './wire.js';

export interface DatasetColumn {
  name: string;
  kind: 'numeric' | 'factor' | 'logical' | 'other';
  /** Factor levels, when known: lets `positive_class` and binary-only metrics be checked up front. */
  levels?: readonly string[];
}

export interface DatasetShape {
  columns: readonly DatasetColumn[];
}

/** The supervised config keys (rtemis SuperConfig properties) plus the flat-form `algorithm`. */
const TOP_LEVEL_KEYS = [
  'algorithm',
  'dat_training_path',
  'dat_validation_path',
  'dat_test_path',
  'weights',
  'positive_class',
  'preprocessor_config',
  'decomposition_config',
  'hyperparameters',
  'tuner_config',
  'outer_resampling_config',
  'execution_config',
  'question',
  'outdir',
  'verbosity',
];

function optionalString(params: WireObject, key: string): string | null {
  const value = params[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ConfigError(`\`${key}\` must be a string; got ${describeJson(value)}.`);
  return value;
}

/** Splits the flat and the canonical document forms into algorithm + flat hyperparameters. */
function algorithmAndHyperparameters(params: WireObject): { algorithm: unknown; block: WireObject } {
  const hyperparameters = optionalBlock(params['hyperparameters'], 'hyperparameters');
  if (params['algorithm'] !== undefined && params['algorithm'] !== null) {
    return { algorithm: params['algorithm'], block: hyperparameters ?? {} };
  }
  if (hyperparameters !== null && Object.hasOwn(hyperparameters, 'variants')) {
    throw new ConfigError('Hyperparameter sets (`variants`) are not supported; send one algorithm.');
  }
  if (hyperparameters === null || !Object.hasOwn(hyperparameters, 'algorithm')) {
    throw new ConfigError('`algorithm` is required.');
  }
  rejectUnknownKeys(hyperparameters, ['algorithm', 'hyperparameters'], 'hyperparameters');
  return {
    algorithm: hyperparameters['algorithm'],
    block: optionalBlock(hyperparameters['hyperparameters'], 'hyperparameters.hyperparameters') ?? {},
  };
}

function requireColumn(dataset: DatasetShape, name: string, what: string): void {
  if (!dataset.columns.some((c) => c.name === name)) {
    throw new ConfigError(`${what} names \`${name}\`, which is not a column of the dataset.`);
  }
}

function checkResamplerColumns(resampler: ResamplerConfig | null, where: string, dataset: DatasetShape, outcome: string): void {
  if (resampler === null || resampler.type === 'LOOCV') return;
  if ('stratify_var' in resampler && resampler.stratify_var !== null) {
    requireColumn(dataset, resampler.stratify_var, `${where} \`stratify_var\``);
  }
  if (resampler.id_strat !== null) {
    requireColumn(dataset, resampler.id_strat, `${where} \`id_strat\``);
    if (resampler.id_strat === outcome) throw new ConfigError(`${where} \`id_strat\` cannot be the outcome \`${outcome}\`.`);
  }
}

export function buildTrainConfig(rawParams: Record<string, unknown>, dataset: DatasetShape): TrainConfig {
  const params = optionalBlock(normalizeWire(rawParams), 'params') ?? {};
  rejectUnknownKeys(params, TOP_LEVEL_KEYS, 'supervised config');

  // Outcome = last column; its type decides the task.
  const outcomeColumn = dataset.columns[dataset.columns.length - 1];
  if (outcomeColumn === undefined || dataset.columns.length < 2) {
    throw new ConfigError('The dataset needs at least one feature column and the outcome (last column).');
  }
  if (outcomeColumn.kind !== 'factor' && outcomeColumn.kind !== 'numeric') {
    throw new ConfigError(
      `The outcome (last column) \`${outcomeColumn.name}\` must be a factor (classification) or numeric (regression); it is ${outcomeColumn.kind}.`,
    );
  }
  const outcome = outcomeColumn.name;
  const outcomeKind: OutcomeKind = outcomeColumn.kind;
  const levels = outcomeColumn.levels ?? null;

  const { algorithm: algorithmName, block } = algorithmAndHyperparameters(params);
  const algorithm = resolveSupervisedAlgorithm(algorithmName);
  const hyperparameters = buildHyperparameters(algorithm, block);

  // positive_class: "" means unset.
  const positiveGiven = optionalString(params, 'positive_class');
  const positiveClass = positiveGiven === '' ? null : positiveGiven;
  if (positiveClass !== null) {
    if (outcomeKind !== 'factor') {
      throw new ConfigError(`\`positive_class\` applies to classification, but the outcome \`${outcome}\` is numeric.`);
    }
    if (levels !== null && !levels.includes(positiveClass)) {
      throw new ConfigError(
        `\`positive_class\` "${positiveClass}" is not a level of the outcome \`${outcome}\` (levels: ${levels.join(', ')}).`,
      );
    }
  }

  const weights = optionalString(params, 'weights');
  if (weights !== null) {
    const column = dataset.columns.find((c) => c.name === weights);
    if (column === undefined) throw new ConfigError(`\`weights\` names \`${weights}\`, which is not a column of the dataset.`);
    if (weights === outcome) throw new ConfigError(`\`weights\` cannot be the outcome column \`${outcome}\`.`);
    if (column.kind !== 'numeric') throw new ConfigError(`\`weights\` column \`${weights}\` must be numeric; it is ${column.kind}.`);
    const refusal = WITHOUT_CASE_WEIGHTS.get(algorithm);
    if (refusal !== undefined) {
      const instead = refusal.alternative === null ? '' : `; ${refusal.alternative}`;
      throw new ConfigError(`${algorithm} takes no case weights (its R backend, ${refusal.backend}, has none; rtemis refuses them): remove \`weights\`${instead}.`);
    }
    // As in rtemis, inverse frequency weighting (classification only) and a weights column exclude each other.
    const ifw = hyperparameters['ifw'];
    if (outcomeKind === 'factor' && (ifw === true || (isSearchSpace(ifw) && ifw.candidates.includes(true)))) {
      throw new ConfigError('`weights` cannot be combined with `ifw: true` (inverse frequency weighting).');
    }
  }

  const preprocessorBlock = optionalBlock(params['preprocessor_config'], 'preprocessor_config');
  const preprocessor = preprocessorBlock === null ? null : buildPreprocessorConfig(preprocessorBlock);
  if (preprocessor?.remove_features != null) {
    for (const name of preprocessor.remove_features) requireColumn(dataset, name, 'preprocessor_config `remove_features`');
  }

  const decompositionBlock = optionalBlock(params['decomposition_config'], 'decomposition_config');
  const decomposition = decompositionBlock === null ? null : buildTrainDecomposition(decompositionBlock);
  if (decomposition?.decomposition.features != null) {
    for (const name of decomposition.decomposition.features) {
      const column = dataset.columns.find((c) => c.name === name);
      if (column === undefined || name === outcome || column.kind !== 'numeric') {
        throw new ConfigError(`decomposition_config \`features\` must name numeric feature columns; \`${name}\` is not one.`);
      }
    }
  }

  const tunerBlock = optionalBlock(params['tuner_config'], 'tuner_config');
  const nClasses = outcomeKind === 'factor' && levels !== null ? levels.length : null;
  const tuner = buildTunerConfig(tunerBlock, { outcomeKind, nClasses });
  checkResamplerColumns(tuner.tuner.resampler, 'tuner_config resampler_config', dataset, outcome);

  const outerBlock = optionalBlock(params['outer_resampling_config'], 'outer_resampling_config');
  const outerResampling = outerBlock === null ? null : buildResamplerConfig(outerBlock, 'outer_resampling_config');
  checkResamplerColumns(outerResampling, 'outer_resampling_config', dataset, outcome);

  const executionBlock = optionalBlock(params['execution_config'], 'execution_config');
  const execution = buildExecutionConfig(executionBlock);

  const verbosity =
    params['verbosity'] === undefined || params['verbosity'] === null
      ? 1
      : (checkSetting(
          { name: 'verbosity', type: 'integer', default: 1, tunable: false, rule: { kind: 'integer', min: 0 } },
          params['verbosity'],
          'supervised config',
        ) as number);
  // Paths name files the live server never reads or writes: accepted for schema compatibility, discarded.
  for (const key of ['dat_training_path', 'dat_validation_path', 'dat_test_path', 'outdir']) optionalString(params, key);

  const needsTuning = Object.values(hyperparameters).some(isSearchSpace) || tunesOnNull(algorithm, hyperparameters);

  const supplied: SuppliedKeys = {
    top: Object.keys(params),
    hyperparameters: Object.keys(block),
    preprocessor: preprocessorBlock === null ? [] : Object.keys(preprocessorBlock),
    decomposition: decomposition?.supplied ?? [],
    tuner: tuner.supplied,
    tunerResampler: tuner.resamplerSupplied,
    outerResampling: outerBlock === null ? [] : Object.keys(outerBlock),
    execution: executionBlock === null ? [] : Object.keys(executionBlock),
  };

  return {
    algorithm,
    hyperparameters,
    outcome,
    outcomeKind,
    preprocessor,
    decomposition: decomposition?.decomposition ?? null,
    tuner: tuner.tuner,
    needsTuning,
    outerResampling,
    execution,
    weights,
    positiveClass,
    question: optionalString(params, 'question'),
    verbosity,
    supplied,
  } as TrainConfig;
}
