/** Bad `train` requests over the wire (§3.27 errors, vector 83): the code, and a message naming the problem. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { attachedClient, finish, runToCompletion, uploadDataset } from './job-helpers.js';

let running: RunningServer;
let client: WireClient;
let handle: string;

before(async () => {
  running = await startServer();
  client = await attachedClient(running, 'train-validation');
  handle = await uploadDataset(client, 'breast_cancer');
});
after(async () => {
  await finish(client);
  await running.stop();
});

const REQUIRED = { code: 'invalid_params', message: '`data_handle` and `algorithm` are required.' };
const BUILD_PREFIX = /^Could not build training config: /;

/** Asserts an `invalid_params` config rejection whose reason matches every pattern. */
async function rejected(params: Record<string, unknown>, ...patterns: RegExp[]): Promise<string> {
  const error = await client.error('train', params);
  assert.equal(error.code, 'invalid_params', JSON.stringify(error));
  assert.match(error.message, BUILD_PREFIX);
  for (const pattern of patterns) assert.match(error.message, pattern);
  return error.message;
}

test('missing or null data_handle / algorithm → invalid_params (checked before the handle)', async () => {
  assert.deepEqual(await client.error('train', { algorithm: 'GLM' }), REQUIRED);
  assert.deepEqual(await client.error('train', { data_handle: handle }), REQUIRED);
  assert.deepEqual(await client.error('train', { data_handle: handle, algorithm: null }), REQUIRED);
  assert.deepEqual(await client.error('train', { data_handle: null, algorithm: 'GLM' }), REQUIRED);
  assert.deepEqual(await client.error('train', {}), REQUIRED);
  assert.deepEqual(await client.error('train'), REQUIRED);
  assert.deepEqual(await client.error('train', { data_handle: 'data-nope' }), REQUIRED);
});

test('unknown data_handle → not_found, before the configuration is looked at', async () => {
  const unknown = { code: 'not_found', message: "Unknown data_handle 'data-nope'." };
  assert.deepEqual(await client.error('train', { data_handle: 'data-nope', algorithm: 'GLM' }), unknown);
  assert.deepEqual(await client.error('train', { data_handle: 'data-nope', algorithm: 'NoSuchAlgorithm', foo: 1 }), unknown);
});

test('an unknown algorithm is invalid_params (not not_found) and names the algorithm', async () => {
  await rejected({ data_handle: handle, algorithm: 'XGBoostNope' }, /XGBoostNope/);
});

test('an unknown top-level key is rejected by name, with a hint for near misses', async () => {
  await rejected({ data_handle: handle, algorithm: 'GLM', foo: 1 }, /`foo`/);
  await rejected({ data_handle: handle, algorithm: 'GLM', hyperparameter: {} }, /`hyperparameter`/, /hyperparameters/);
});

test('unknown keys inside config blocks are rejected by name', async () => {
  await rejected({ data_handle: handle, algorithm: 'GLM', preprocessor_config: { no_such_arg: true } }, /no_such_arg/);
  await rejected(
    { data_handle: handle, algorithm: 'GLM', outer_resampling_config: { type: 'KFold', n_resamples: 5, train_p: 0.7 } },
    /train_p/,
  );
  await rejected({ data_handle: handle, algorithm: 'CART', hyperparameters: { no_such_hyperparameter: 1 } }, /no_such_hyperparameter/);
  await rejected({ data_handle: handle, algorithm: 'GLM', outer_resampling_config: { type: 'NoSuchResampler' } }, /NoSuchResampler/);
});

test('hyperparameter values: bare array, empty search space, wrong type, out of range', async () => {
  await rejected({ data_handle: handle, algorithm: 'CART', hyperparameters: { maxdepth: [2, 3] } }, /maxdepth/, /candidates/);
  await rejected({ data_handle: handle, algorithm: 'CART', hyperparameters: { maxdepth: { candidates: [] } } }, /maxdepth/);
  await rejected({ data_handle: handle, algorithm: 'CART', hyperparameters: { maxdepth: 'deep' } }, /maxdepth/, /deep/);
  await rejected({ data_handle: handle, algorithm: 'CART', hyperparameters: { maxdepth: 99 } }, /maxdepth/, /99/);
  await rejected({ data_handle: handle, algorithm: 'Ranger', hyperparameters: { num_trees: 0 } }, /num_trees/);
  await rejected({ data_handle: handle, algorithm: 'Ranger', hyperparameters: { num_trees: 2.5 } }, /num_trees/);
  await rejected({ data_handle: handle, algorithm: 'LightGBM', hyperparameters: { learning_rate: 0 } }, /learning_rate/);
});

test('weights naming a missing column and a positive_class that is not a level are rejected by name', async () => {
  await rejected({ data_handle: handle, algorithm: 'GLM', weights: 'no_such_column' }, /weights/, /no_such_column/);
  await rejected({ data_handle: handle, algorithm: 'GLM', positive_class: 'maybe' }, /positive_class/, /maybe/);
});

test('no rejected request created a job', async () => {
  assert.deepEqual((await client.call('job.list')).jobs, []);
});

test('accepted variants: `$` keys ignored, empty positive_class unset, valid positive_class, preprocessing (vector 83)', async () => {
  const variants = [
    { $schema: 'https://schema.rtemis.org/supervised/v1/config.json', hyperparameters: { $comment: 'ignored' } },
    { positive_class: '' },
    { positive_class: 'malignant' },
    { preprocessor_config: { scale: true, center: true } },
    { dat_training_path: '/ignored.csv', outdir: '/ignored' },
  ];
  for (const variant of variants) {
    const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'GLM', ...variant });
    const summary = await client.call('job.result', { job_id: jobId });
    assert.equal(summary['.class'], 'Classification', JSON.stringify(variant));
    const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
    if ('positive_class' in variant) {
      assert.equal(record.positive_class, variant.positive_class === '' ? null : variant.positive_class, 'positive_class reaches the record ("" = unset)');
    }
    assert.equal(record.dat_training_path, null, 'data paths are discarded');
    assert.equal(record.outdir, null);
  }
});
