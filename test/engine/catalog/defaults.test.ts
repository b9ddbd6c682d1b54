import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { REFERENCE_DIR } from '../../support/fixture-paths.js';
import { defaultHyperparameters } from '../../../src/engine/catalog/defaults.js';
import { IMPLEMENTED_SUPERVISED } from '../../../src/engine/catalog/implemented.js';
import { buildHyperparameters } from '../../../src/engine/config/hyperparameters.js';

const fixture = JSON.parse(
  readFileSync(path.join(REFERENCE_DIR, 'describe-responses.json'), 'utf8'),
);

test('defaults are rtemis describe defaults, every argument in describe order', () => {
  for (const name of IMPLEMENTED_SUPERVISED) {
    const rows: { name: string; default: unknown }[] = fixture.describe[name].hyperparameters;
    const defaults = defaultHyperparameters(name) as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys(defaults), rows.map((row) => row.name), name);
    for (const row of rows) {
      // rtemis cannot encode S7 defaults (SuperLearner's library, meta learner, inner resampler):
      // ours are their wire objects (catalog.test.ts checks their content).
      if (typeof row.default === 'string' && row.default.startsWith('<S7 rtemis::')) {
        assert.equal(typeof defaults[row.name], 'object', `${name} ${row.name}`);
        continue;
      }
      assert.deepEqual(defaults[row.name], row.default, `${name} ${row.name}`);
    }
  }
});

test('an empty hyperparameters block builds to the defaults the learners check against', () => {
  for (const name of IMPLEMENTED_SUPERVISED) {
    if (name === 'SuperLearner') continue;
    assert.deepEqual(buildHyperparameters(name, {}), defaultHyperparameters(name), name);
  }
});

test('SuperLearner defaults build to complete nested learners and a complete inner KFold', () => {
  const described = defaultHyperparameters('SuperLearner') as unknown as Record<string, { algorithm: string }[] | unknown>;
  const built = buildHyperparameters('SuperLearner', {}) as Record<string, any>;
  const library = described.base_learners as { algorithm: 'GLM' | 'Ranger' }[];
  assert.deepEqual(
    built.base_learners,
    library.map(({ algorithm }) => ({ algorithm, hyperparameters: defaultHyperparameters(algorithm) })),
  );
  assert.deepEqual(built.meta_learner, { algorithm: 'NNLS', hyperparameters: defaultHyperparameters('NNLS') });
  assert.deepEqual(built.inner_resampling_config, { type: 'KFold', n_resamples: 10, stratify_var: null, strat_n_bins: 4, id_strat: null, seed: null });
  assert.equal(built.discrete, false);
  assert.equal(built.expand_search_spaces, true);
  assert.equal(built.ifw, false);
});

test('each call returns a fresh object', () => {
  const first = defaultHyperparameters('Ranger');
  first.num_trees = 1;
  const reference = fixture.describe.Ranger.hyperparameters.find((row: { name: string }) => row.name === 'num_trees');
  assert.equal(defaultHyperparameters('Ranger').num_trees, reference.default);
});
