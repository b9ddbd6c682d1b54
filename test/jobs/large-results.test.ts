/**
 * Results that grow with the number of rows stay within the frame limits: fold index lists
 * leave the summary JSON for big data and come as the `resamples` slice, pointed to from
 * the summary as `varimp_per_resample` is (deviation in specs/rtemislive.md); small runs keep
 * them inline as rtemis does, and the slice then holds the same lists.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeVector, Table, tableToIPC, type Vector } from 'apache-arrow';
import { MAX_HEADER_BYTES } from '../../src/protocol/frame.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { attachedClient, columnValues, finish, runToCompletion, tableSlice, uploadDataset, uploadTable } from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

/** `rows` cases of 5 deterministic numeric features and a numeric outcome `y` (last). */
function numericTable(rows: number): Uint8Array {
  const columns: Record<string, Vector> = {};
  for (let j = 0; j < 5; j++) {
    columns[`x${j}`] = makeVector(Float64Array.from({ length: rows }, (_, i) => Math.sin(i * (j + 1) * 0.001) + ((i * (j + 7)) % 11)));
  }
  columns.y = makeVector(Float64Array.from({ length: rows }, (_, i) => Math.cos(i * 0.01) * 3 + (i % 7)));
  return tableToIPC(new Table(columns), 'stream');
}

test('a 100k-row resampled run: the summary points to `resamples`, and that slice, `raw` and `predictions` decode', async () => {
  const rows = 100_000;
  const folds = 5;
  const client = await attachedClient(running, 'large');
  const handle = await uploadTable(client, 'big', numericTable(rows));
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'GLM',
    outer_resampling_config: { type: 'KFold', n_resamples: folds },
  });

  const summaryFrame = await client.request('job.result', { job_id: jobId });
  assert.equal(summaryFrame.header.ok, true, JSON.stringify(summaryFrame.header.error));
  const summary = summaryFrame.header.result;
  assert.deepEqual(summary.outer_resampler.resamples, { available: true, fetch_via: 'resamples' });
  assert.equal(summary.outer_resampler.config.n_resamples, folds);
  assert.equal(summary.n_resamples, folds);
  assert.ok(Buffer.byteLength(JSON.stringify(summaryFrame.header)) < MAX_HEADER_BYTES / 4, 'the summary stays far below the header limit');

  const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
  assert.deepEqual(raw.outer_resampler.resamples, { available: true, fetch_via: 'resamples' });

  const { result, table } = await tableSlice(client, jobId, 'resamples');
  assert.deepEqual(result.columns, ['resample', 'row']);
  assert.equal(result.rows, rows * (folds - 1));
  const names = columnValues(table!, 'resample') as string[];
  const rowNumbers = columnValues(table!, 'row') as number[];
  const timesTrained = new Int32Array(rows + 1);
  const perFold = new Map<string, number>();
  names.forEach((name, i) => {
    perFold.set(name, (perFold.get(name) ?? 0) + 1);
    const row = rowNumbers[i]!;
    assert.ok(Number.isInteger(row) && row >= 1 && row <= rows);
    timesTrained[row] += 1;
  });
  assert.deepEqual([...perFold.keys()], Array.from({ length: folds }, (_, k) => `Fold_${k + 1}`));
  // Folds are cut within outcome strata, so their sizes differ by a row or so.
  for (const count of perFold.values()) assert.ok(Math.abs(count - rows * (1 - 1 / folds)) <= folds, `fold size ${count}`);
  for (let row = 1; row <= rows; row++) assert.equal(timesTrained[row], folds - 1, `KFold trains on every row in all folds but one (row ${row})`);

  const predictions = await tableSlice(client, jobId, 'predictions');
  assert.equal(predictions.result.rows, rows * folds, 'training rows of every fold, then every test row');
  await finish(client);
});

test('a small resampled run keeps its fold lists inline, and the `resamples` slice holds the same lists', async () => {
  const client = await attachedClient(running, 'small');
  const iris = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', { data_handle: iris, algorithm: 'CART', outer_resampling_config: { type: 'KFold', n_resamples: 3 } });
  const inline = (await client.call('job.result', { job_id: jobId })).outer_resampler.resamples as Record<string, number[]>;
  assert.deepEqual(Object.keys(inline), ['Fold_1', 'Fold_2', 'Fold_3']);
  const { table } = await tableSlice(client, jobId, 'resamples');
  const names = columnValues(table!, 'resample') as string[];
  const rowNumbers = columnValues(table!, 'row') as number[];
  for (const [name, list] of Object.entries(inline)) {
    assert.deepEqual(rowNumbers.filter((_, i) => names[i] === name), list);
  }
  await finish(client);
});

test('results without resampling answer `resamples` with the empty pointer', async () => {
  const client = await attachedClient(running, 'single');
  const iris = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', { data_handle: iris, algorithm: 'CART' });
  const { result, table } = await tableSlice(client, jobId, 'resamples');
  assert.deepEqual(result, { rows: 0, cols: 0, columns: [], format: 'arrow-ipc' });
  assert.equal(table, null);
  await finish(client);
});
