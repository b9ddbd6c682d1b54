/**
 * The `hyperparameters` object of a result (rtemis-model §5.5): class, tuning status,
 * the values (search spaces as `HyperparameterCandidates`), the tunable / fixed name
 * lists from the catalogue, and every pair repeated at the top level.
 */
import type { EngineJson, EngineJsonObject } from '../contract.js';
import type { SupervisedAlgorithm, Value } from '../config/types.js';
import { algorithmEntry } from '../registry.js';
import { isSearchSpace } from '../config/types.js';
import { SUPERVISED_PARAMETERS } from '../catalog/supervised-parameters.js';
import { vec } from '../../protocol/json.js';
import type { HyperparameterValues } from './grid.js';

/** `tuned`: −1 no search values, 0 search values present (untuned), 1 tuned. */
export interface TuningStatus {
  dotTuned: number | null;
  tuned: -1 | 0 | 1;
  resampled: 0 | 1;
}

export function hyperparametersJson(algorithm: SupervisedAlgorithm, values: HyperparameterValues, status: TuningStatus): EngineJsonObject {
  const specs = SUPERVISED_PARAMETERS[algorithm];
  const pairs: EngineJsonObject = {};
  for (const [name, value] of Object.entries(values)) pairs[name] = valueJson(value);
  // rtemis's run-state fields of tune-on-null algorithms follow the hyperparameters.
  const tuneOnNull = algorithmEntry(algorithm).tuneOnNull;
  const state = tuneOnNull === null ? {} : tuneOnNull.state(status.tuned === 1 ? ((values[tuneOnNull.resolves] as Value | undefined) ?? null) : null).values;
  for (const [name, value] of Object.entries(state)) pairs[name] = valueJson(value);
  return {
    '.class': `${algorithm}Hyperparameters`,
    algorithm,
    '.tuned': status.dotTuned,
    tuned: status.tuned,
    resampled: status.resampled,
    n_workers: 1,
    variant: null,
    hyperparameters: { ...pairs },
    tunable_hyperparameters: vec(specs.filter((spec) => spec.tunable).map((spec) => spec.name)),
    fixed_hyperparameters: vec([...specs.filter((spec) => !spec.tunable).map((spec) => spec.name), ...Object.keys(state)]),
    constant_hyperparameters: vec([]),
    ...pairs,
  };
}

/** A hyperparameter value as R serialises it: vectors unbox, search spaces are tagged. */
export function valueJson(value: unknown): EngineJson {
  if (isSearchSpace(value)) {
    return { '.class': 'HyperparameterCandidates', candidates: value.candidates.map(valueJson), from_vector: false };
  }
  if (Array.isArray(value)) {
    return value.some(Array.isArray) ? value.map(valueJson) : vec(value);
  }
  return value as EngineJson;
}

/** A value as the run record writes it: plain JSON, search spaces as `{candidates}`. */
export function recordValue(value: unknown): EngineJson {
  if (isSearchSpace(value)) return { candidates: value.candidates as EngineJson[] };
  return value as EngineJson;
}
