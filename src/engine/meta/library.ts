/**
 * A stacked learner's library, as rtemis `name_base_learners()` and `expand_library()` build
 * it: each base learner is named after its algorithm (`GLM`, then `GLM_2`, … for repeats), and
 * a base learner holding search spaces becomes one entry per combination (`<name>_<i>`, the
 * first parameter varying fastest, as R's `expand.grid`), so the ensemble's own
 * cross-validation chooses between them.
 */
import { isSearchSpace, type NestedLearner, type SupervisedAlgorithm, type Value } from '../config/types.js';

export interface LibraryEntry {
  name: string;
  algorithm: SupervisedAlgorithm;
  /** Fully resolved: no search spaces left. */
  hyperparameters: Record<string, Value>;
}

export function buildLibrary(baseLearners: NestedLearner[]): LibraryEntry[] {
  const names: string[] = [];
  for (const learner of baseLearners) {
    let candidate: string = learner.algorithm;
    for (let suffix = 2; names.includes(candidate); suffix++) candidate = `${learner.algorithm}_${suffix}`;
    names.push(candidate);
  }
  const entries = baseLearners.flatMap((learner, index) => {
    const combinations = expandGrid(learner.hyperparameters);
    const name = names[index]!;
    if (combinations.length < 2) return [{ name, algorithm: learner.algorithm, hyperparameters: combinations[0]! }];
    return combinations.map((hyperparameters, i) => ({ name: `${name}_${i + 1}`, algorithm: learner.algorithm, hyperparameters }));
  });
  // An expanded `CART_2` can meet a second CART base learner's `CART_2`; R would overwrite one
  // of them, we keep both and suffix the later one again.
  const taken = new Set<string>();
  for (const entry of entries) {
    const stem = entry.name;
    for (let suffix = 2; taken.has(entry.name); suffix++) entry.name = `${stem}_${suffix}`;
    taken.add(entry.name);
  }
  return entries;
}

function expandGrid(hyperparameters: NestedLearner['hyperparameters']): Record<string, Value>[] {
  let rows: Record<string, Value>[] = [{}];
  for (const [name, value] of Object.entries(hyperparameters)) {
    const candidates = isSearchSpace(value) ? (value.candidates as Value[]) : [value];
    // The later parameter varies slowest, so earlier ones cycle fastest.
    rows = candidates.flatMap((candidate) => rows.map((row) => ({ ...row, [name]: candidate })));
  }
  return rows;
}
