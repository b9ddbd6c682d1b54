import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunIo } from '../../../src/engine/run/progress-io.js';
import type { EngineUnit, UnitOutcome } from '../../../src/engine/run/unit-contract.js';
import { concurrentRunner } from '../../../src/engine/run/units.js';

const io = { checkpoint: async () => {}, wasCancelled: false } as unknown as RunIo;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Units told apart by their part number; `execute` sees which one it runs. */
const units = (count: number): EngineUnit[] =>
  Array.from({ length: count }, (_, part) => ({ kind: 'fit_part', part, fit: { key: 'k', hyperparameters: {}, trainRows: new Int32Array(0), testRows: null, seed: 1, prepSeed: 2 } }));
const partOf = (unit: EngineUnit) => (unit as { part: number }).part;

test('side by side: at most `limit` units at once, outcomes in unit order, onSettled as they end', async () => {
  let running = 0;
  let most = 0;
  const settled: number[] = [];
  const runner = concurrentRunner(io, async (unit) => {
    running += 1;
    most = Math.max(most, running);
    // Later units end sooner, so settling order differs from unit order.
    await delay(30 - partOf(unit) * 5);
    running -= 1;
    return { part: partOf(unit), values: Float64Array.of(partOf(unit)) };
  });
  const outcomes = await runner.run(units(5), { limit: 3, stopOnError: true, onSettled: (index) => settled.push(index) });
  assert.equal(most, 3);
  assert.deepEqual(
    outcomes.map((outcome) => (outcome as { value: { part: number } }).value.part),
    [0, 1, 2, 3, 4],
  );
  assert.ok((outcomes[4] as { value: { values: unknown } }).value.values instanceof Float64Array, 'values cross as they would between processes');
  assert.deepEqual([...settled].sort(), [0, 1, 2, 3, 4]);
  assert.notDeepEqual(settled, [0, 1, 2, 3, 4]);

  let all = 0;
  await concurrentRunner(io, async () => {
    all += 1;
    await delay(5);
  }).run(units(4), { limit: null, stopOnError: false });
  assert.equal(all, 4);
});

test('on_error continue: a failed unit is an outcome; stop: the call rejects with the first failure once the running ones end, and starts no more', async () => {
  const failing = async (unit: EngineUnit) => {
    await delay(partOf(unit) === 1 ? 5 : 20);
    if (partOf(unit) === 1) throw new Error('part 1 broke');
    return partOf(unit);
  };
  const outcomes: UnitOutcome[] = await concurrentRunner(io, failing).run(units(4), { limit: 2, stopOnError: false });
  assert.deepEqual(outcomes, [
    { ok: true, value: 0 },
    { ok: false, message: 'part 1 broke', lost: false },
    { ok: true, value: 2 },
    { ok: true, value: 3 },
  ]);

  const started: number[] = [];
  const ended: number[] = [];
  const stopping = concurrentRunner(io, async (unit) => {
    started.push(partOf(unit));
    try {
      return await failing(unit);
    } finally {
      ended.push(partOf(unit));
    }
  });
  await assert.rejects(stopping.run(units(4), { limit: 2, stopOnError: true }), /part 1 broke/);
  assert.deepEqual(started, [0, 1], 'nothing starts after the failure');
  assert.deepEqual([...ended].sort(), [0, 1], 'the unit still running ended before the call rejected');
});
