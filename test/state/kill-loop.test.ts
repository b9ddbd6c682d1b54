/** The seeded kill loop (kill-loop.ts) with a modest count; `npm run soak:persist` runs 100. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runKillLoop } from './kill-loop.js';

test('20 kills at random instants during uploads, chunked uploads and job completion lose nothing acknowledged', { timeout: 1_800_000 }, async () => {
  const report = await runKillLoop({ iterations: 20, seed: 20_261_204 });
  assert.equal(report.iterations, 20);
  assert.ok(report.acknowledged.handles > 0 && report.acknowledged.jobs > 0 && report.acknowledged.completions > 0, JSON.stringify(report));
});
