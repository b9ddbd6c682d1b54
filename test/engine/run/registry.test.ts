import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IMPLEMENTED_SUPERVISED } from '../../../src/engine/catalog/implemented.js';
import { algorithmEntry } from '../../../src/engine/registry.js';

test('every implemented supervised algorithm resolves to its learner', () => {
  for (const name of IMPLEMENTED_SUPERVISED) {
    const entry = algorithmEntry(name);
    assert.equal(entry.learner.name, name);
  }
});

test('only the linear models, KNN and the SVMs need complete features; GLMNET and LightGBM resolve a null value by tuning', () => {
  assert.deepEqual(IMPLEMENTED_SUPERVISED.filter((name) => !algorithmEntry(name).handlesMissing), ['GLM', 'GLMNET', 'Isotonic', 'NNLS', 'KNN', 'LinearSVM', 'RadialSVM']);
  assert.deepEqual(
    IMPLEMENTED_SUPERVISED.filter((name) => algorithmEntry(name).tuneOnNull !== null).map((name) => [name, algorithmEntry(name).tuneOnNull!.resolves]),
    [
      ['GLMNET', 'lambda'],
      ['LightGBM', 'nrounds'],
    ],
  );
});
