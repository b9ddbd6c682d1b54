import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cachedFit, dropForeignFits, holdFit, keepFit, releaseFit, releaseJobFits, type PreparedFit } from '../../../src/engine/run/fit-cache.js';

function preparedFit(rows: number): PreparedFit {
  return { training: { x: [new Float64Array(rows)], y: new Float64Array(rows), weights: null, classes: null, featureNames: ['a'], featureLevels: [null] }, testX: null, prepared: undefined };
}

test('a worker keeps one foreign fit at a time, and its own until released', () => {
  const own = preparedFit(3);
  holdFit('job1/fold1', own);
  keepFit('job1/fold2', preparedFit(2));
  keepFit('job1/fold3', preparedFit(2));
  assert.equal(cachedFit('job1/fold2'), undefined);
  assert.notEqual(cachedFit('job1/fold3'), undefined);
  assert.equal(cachedFit('job1/fold1'), own);
  releaseFit('job1/fold1');
  assert.equal(cachedFit('job1/fold1'), undefined);
  releaseJobFits('job1');
  assert.equal(cachedFit('job1/fold3'), undefined);
});

test('starting a fit of its own drops the foreign fit a worker kept, not the ones it holds', () => {
  holdFit('job2/fold1', preparedFit(3));
  keepFit('job2/fold2', preparedFit(2));
  dropForeignFits();
  assert.equal(cachedFit('job2/fold2'), undefined);
  assert.notEqual(cachedFit('job2/fold1'), undefined);
  releaseJobFits('job2');
});
