/**
 * LinearSVM and RadialSVM over the wire: predictions against e1071's on the fixture datasets
 * (test/fixtures/svm/e1071-reference.json), the LinearSVM coefficients as variable importance,
 * tuning, inverse frequency class weights, and every refused option answered invalid_params.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { referenceCases, type ReferenceCase } from '../engine/svm/e1071-reference.js';
import { assertEmptyPointer, attachedClient, columnValues, finish, runToCompletion, tableSlice, uploadDataset } from './job-helpers.js';

let running: RunningServer;
let client: WireClient;
before(async () => {
  running = await startServer();
  client = await attachedClient(running, 'svm');
});
after(async () => {
  await finish(client);
  await running.stop();
});

const reference = (id: string): ReferenceCase => referenceCases().find((c) => c.id === id)!;

/** Share of training predictions equal to e1071's (breast_cancer has no missing rows, so rows align). */
async function agreement(jobId: string, expected: string[]): Promise<number> {
  const { table } = await tableSlice(client, jobId, 'predictions');
  const predicted = columnValues(table!, 'predicted') as string[];
  assert.equal(predicted.length, expected.length);
  return predicted.filter((label, i) => label === expected[i]).length / expected.length;
}

test('LinearSVM on breast_cancer: labels agree with e1071, coefficients are its coef() as varimp', async () => {
  const handle = await uploadDataset(client, 'breast_cancer');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'LinearSVM' });
  const linear = reference('breast_cancer-linear');
  assert.ok((await agreement(jobId, linear.predicted!)) >= 0.99);

  const { result, table } = await tableSlice(client, jobId, 'varimp');
  assert.deepEqual(result.columns, ['variable', 'Coefficient']);
  const variables = columnValues(table!, 'variable') as string[];
  const coefficients = columnValues(table!, 'Coefficient') as number[];
  assert.deepEqual(variables, ['(Intercept)', ...linear.features]);
  // e1071's column "malignant/benign" favours malignant, the second level: the same orientation.
  coefficients.forEach((value, j) => assert.ok(Math.abs(value - linear.coef![j]!) < 1e-6, `${variables[j]}: ${value} vs ${linear.coef![j]}`));
});

test('RadialSVM with ifw on breast_cancer agrees with e1071 given the same class weights', async () => {
  const handle = await uploadDataset(client, 'breast_cancer');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'RadialSVM', hyperparameters: { ifw: true } });
  assert.ok((await agreement(jobId, reference('breast_cancer-radial-ifw').predicted!)) >= 0.99);
  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.equal(record.hyperparameters.hyperparameters.ifw, true);
});

test('LinearSVM on a 3-class outcome reports no variable importance; RadialSVM tunes cost and gamma', async () => {
  const handle = await uploadDataset(client, 'iris');
  const linear = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'LinearSVM' });
  assertEmptyPointer(await tableSlice(client, linear, 'varimp'));

  const tuned = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'RadialSVM',
    hyperparameters: { cost: { candidates: [0.001, 10] }, gamma: { candidates: [0.0001, 0.1] } },
    tuner_config: { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 3 } } },
  });
  const summary = await client.call('job.result', { job_id: tuned });
  // A tiny cost or gamma underfits iris badly; tuning must pick the larger pair.
  const record = await client.call('job.result', { job_id: tuned, slice: 'record' });
  assert.deepEqual(record.folds[0].tuning.best, { cost: 10, gamma: 0.1 });
  assert.equal(record.folds[0].hyperparameters.hyperparameters.origin.cost, 'tuned');
  assert.ok(summary.metrics_training.metrics.overall[0].balanced_accuracy > 0.95);
});

test('RadialSVM binary with 5-fold KFold and LinearSVM regression single fit: slices decode', async () => {
  const cancer = await uploadDataset(client, 'breast_cancer');
  const resampled = await runToCompletion(client, 'train', {
    data_handle: cancer,
    algorithm: 'RadialSVM',
    outer_resampling_config: { type: 'KFold', n_resamples: 5 },
  });
  const summary = await client.call('job.result', { job_id: resampled });
  assert.equal(summary['.class'], 'ClassificationRes');
  const { table: roc } = await tableSlice(client, resampled, 'roc');
  const testAuc = roc!.toArray().map((row) => row.toJSON()).find((row) => row.split === 'test' && row.fold === 'aggregate')!.auc;
  assert.ok(testAuc > 0.95, `test AUC ${testAuc}`);
  const { table: predictions } = await tableSlice(client, resampled, 'predictions');
  assert.equal(new Set(columnValues(predictions!, 'fold')).size, 5);
  assertEmptyPointer(await tableSlice(client, resampled, 'varimp'));

  const boston = await uploadDataset(client, 'boston');
  const single = await runToCompletion(client, 'train', { data_handle: boston, algorithm: 'LinearSVM' });
  const { table: varimp } = await tableSlice(client, single, 'varimp');
  const linear = reference('boston-linear');
  assert.deepEqual(columnValues(varimp!, 'variable'), ['(Intercept)', ...linear.features]);
  (columnValues(varimp!, 'Coefficient') as number[]).forEach((value, j) => assert.ok(Math.abs(value - linear.coef![j]!) < 1e-3));
  const { table: fitted } = await tableSlice(client, single, 'predictions');
  const predicted = columnValues(fitted!, 'predicted') as number[];
  const spread = Math.max(...linear.fitted!) - Math.min(...linear.fitted!);
  predicted.forEach((value, i) => assert.ok(Math.abs(value - linear.fitted![i]!) <= 1e-3 * spread, `row ${i}: ${value} vs ${linear.fitted![i]}`));
});

test('refused SVM options are invalid_params at submission', async () => {
  const handle = await uploadDataset(client, 'breast_cancer');
  const refused = async (params: Record<string, unknown>, pattern: RegExp) => {
    const error = await client.error('train', { data_handle: handle, ...params });
    assert.equal(error.code, 'invalid_params', JSON.stringify(error));
    assert.match(error.message, pattern);
  };
  await refused({ algorithm: 'RadialSVM', weights: 'mean radius' }, /RadialSVM takes no case weights.*e1071::svm.*ifw: true/);
  await refused({ algorithm: 'LinearSVM', weights: 'mean area' }, /LinearSVM takes no case weights/);
  await refused({ algorithm: 'RadialSVM', hyperparameters: { gamma: 0 } }, /gamma/);
  await refused({ algorithm: 'RadialSVM', hyperparameters: { cost: -1 } }, /cost/);
  await refused({ algorithm: 'RadialSVM', hyperparameters: { cost: { candidates: [1, 0] } } }, /cost/);
  await refused({ algorithm: 'LinearSVM', hyperparameters: { gamma: 0.1 } }, /gamma/);
  await refused({ algorithm: 'RadialSVM', hyperparameters: { kernel: 'linear' } }, /kernel/);
});
