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

test('only GLM and the SVMs need complete features; only LightGBM tunes its rounds by early stopping', () => {
  assert.deepEqual(IMPLEMENTED_SUPERVISED.filter((name) => !algorithmEntry(name).handlesMissing), ['GLM', 'LinearSVM', 'RadialSVM']);
  assert.deepEqual(IMPLEMENTED_SUPERVISED.filter((name) => algorithmEntry(name).earlyStopping !== null), ['LightGBM']);
});
