/**
 * The tuning grid (rtemis-model §1.3): the Cartesian product of every `{candidates}`
 * search space, first parameter varying fastest (R `expand.grid`); a randomized search
 * keeps round(randomize_p × rows) of them (at least one).
 */
import { isSearchSpace, type TunerConfig, type Value } from '../config/types.js';
import { sampleWithoutReplacement } from '../random.js';

export type HyperparameterValues = Record<string, unknown>;

export interface GridCombination {
  /** 1-based `param_combo_id`. */
  id: number;
  values: Record<string, Value>;
}

/** Tuned parameter names, in hyperparameter order. */
export function tunedNames(hyperparameters: HyperparameterValues): string[] {
  return Object.keys(hyperparameters).filter((name) => isSearchSpace(hyperparameters[name]));
}

export function tuningGrid(hyperparameters: HyperparameterValues, tuner: TunerConfig, random: () => number): GridCombination[] {
  const names = tunedNames(hyperparameters);
  let rows: Record<string, Value>[] = [{}];
  for (const name of names) {
    const space = hyperparameters[name] as { candidates: Value[] };
    // The new parameter varies slowest, so earlier ones cycle fastest.
    rows = space.candidates.flatMap((candidate) => rows.map((row) => ({ ...row, [name]: candidate })));
  }
  if (tuner.search_type === 'randomized' && tuner.randomize_p !== null) {
    const keep = Math.max(1, Math.round(tuner.randomize_p * rows.length));
    const chosen = sampleWithoutReplacement(Int32Array.from(rows.keys()), keep, random).sort();
    rows = Array.from(chosen, (index) => rows[index]!);
  }
  return rows.map((values, index) => ({ id: index + 1, values }));
}

/** Every hyperparameter with the combination's values in place of the search spaces. */
export function resolveHyperparameters(hyperparameters: HyperparameterValues, combination: Record<string, Value>): Record<string, Value> {
  return { ...(hyperparameters as Record<string, Value>), ...combination };
}
