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
    for (const row of rows) assert.deepEqual(defaults[row.name], row.default, `${name} ${row.name}`);
  }
});

test('an empty hyperparameters block builds to the defaults the learners check against', () => {
  for (const name of IMPLEMENTED_SUPERVISED) {
    assert.deepEqual(buildHyperparameters(name, {}), defaultHyperparameters(name), name);
  }
});

test('each call returns a fresh object', () => {
  const first = defaultHyperparameters('Ranger');
  first.num_trees = 1;
  const reference = fixture.describe.Ranger.hyperparameters.find((row: { name: string }) => row.name === 'num_trees');
  assert.equal(defaultHyperparameters('Ranger').num_trees, reference.default);
});
