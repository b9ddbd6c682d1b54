import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEngineResult } from '../../src/jobs/engine-result-schema.js';

const valid = {
  family: 'Supervised',
  object: { '.class': 'Regression' },
  record: null,
  tables: { predictions: { columns: [{ name: 'predicted', type: 'float64', values: Float64Array.of(1, 2) }] } },
};

test('a well-formed worker result passes unchanged', () => {
  const checked = checkEngineResult(valid);
  assert.ok('result' in checked);
  assert.equal(checked.result, valid);
});

test('malformed worker results are named, not kept', () => {
  const cases: [unknown, RegExp][] = [
    [null, /^result: /],
    [{ ...valid, family: 'Magic' }, /^family: /],
    [{ ...valid, tables: { predictions: { columns: [{ name: 'x', type: 'float64', values: 'oops' }] } } }, /^tables\.predictions\.columns\.0\.values: column values must be/],
    [{ ...valid, tables: { nonsense: { columns: [] } } }, /^tables/],
  ];
  for (const [value, problem] of cases) {
    const checked = checkEngineResult(value);
    assert.ok('problem' in checked, JSON.stringify(value));
    assert.match(checked.problem, problem);
  }
});
