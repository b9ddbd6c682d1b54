/**
 * NNLS, Isotonic and SuperLearner over the wire, beyond the slice shapes of
 * supervised-results.test.ts: their variable importance columns, tuning, what rtemis refuses
 * at run time (job.failed with rtemis's message) and what we refuse at submission
 * (invalid_params), and cancelling a SuperLearner between base-learner fits.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REFERENCE_DIR } from '../support/fixture-paths.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import {
  attachedClient,
  columnValues,
  finish,
  longRegressionIpc,
  resolution,
  runToCompletion,
  tableSlice,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const FAST_LIBRARY = [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparameters: { maxdepth: 3 } }];

async function failedWith(client: WireClient, params: Record<string, unknown>): Promise<string> {
  const { job_id: jobId } = await client.call('train', params);
  const { event, data } = await resolution(client, jobId);
  assert.equal(event, 'job.failed', JSON.stringify(data));
  return data.error.message as string;
}

async function refused(client: WireClient, params: Record<string, unknown>, ...patterns: RegExp[]): Promise<void> {
  const error = await client.error('train', params);
  assert.equal(error.code, 'invalid_params', JSON.stringify(error));
  for (const pattern of patterns) assert.match(error.message, pattern);
}

const REFERENCE = JSON.parse(readFileSync(path.join(REFERENCE_DIR, 'describe-responses.json'), 'utf8'));

test('algorithm.describe: NNLS and Isotonic as the reference; SuperLearner with its nested defaults as objects that train accepts back', async () => {
  const client = await attachedClient(running, 'linmeta-describe');
  const { algorithms } = await client.call('algorithms');
  const names = algorithms.map((entry: { name: string }) => entry.name);
  const referenceOrder = (REFERENCE.algorithms.algorithms as { name: string }[]).map((row) => row.name).filter((name) => names.includes(name));
  assert.deepEqual(names, referenceOrder, 'catalogue order');
  for (const name of ['NNLS', 'Isotonic', 'SuperLearner']) {
    assert.deepEqual(algorithms.find((entry: { name: string }) => entry.name === name), REFERENCE.algorithms.algorithms.find((row: { name: string }) => row.name === name));
  }
  assert.deepEqual(await client.call('algorithm.describe', { name: 'nnls' }), REFERENCE.describe.NNLS);
  assert.deepEqual(await client.call('algorithm.describe', { name: 'Isotonic' }), REFERENCE.describe.Isotonic);
  const superLearner = await client.call('algorithm.describe', { name: 'superlearner' });
  const reference = REFERENCE.describe.SuperLearner;
  assert.equal(superLearner.description, reference.description);
  assert.deepEqual(
    superLearner.hyperparameters.map(({ default: _default, ...rest }: Record<string, unknown>) => rest),
    reference.hyperparameters.map(({ default: _default, ...rest }: Record<string, unknown>) => rest),
  );
  const defaults = Object.fromEntries(superLearner.hyperparameters.map((entry: { name: string; default: unknown }) => [entry.name, entry.default]));
  assert.ok(Array.isArray(defaults.base_learners) && defaults.base_learners.length >= 2);
  assert.deepEqual(defaults.meta_learner, { algorithm: 'NNLS', hyperparameters: {} });
  assert.deepEqual(defaults.inner_resampling_config, { type: 'KFold', n_resamples: 10 });

  const handle = await uploadDataset(client, 'breast_cancer');
  const { job_id: jobId, status } = await client.call('train', { data_handle: handle, algorithm: 'SuperLearner', hyperparameters: defaults });
  assert.equal(status, 'running', 'the described defaults are a valid submission');
  await client.call('job.cancel', { job_id: jobId });
  assert.equal((await resolution(client, jobId)).event, 'job.cancelled');
  await finish(client);
});

test('NNLS varimp is one `coefficient` per feature, non-negative, summing to 1 when normalised', async () => {
  const client = await attachedClient(running, 'nnls-varimp');
  const handle = await uploadDataset(client, 'boston');
  for (const normalize of [true, false]) {
    const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'NNLS', hyperparameters: { normalize } });
    const { result, table } = await tableSlice(client, jobId, 'varimp');
    assert.deepEqual(result.columns, ['variable', 'coefficient']);
    assert.equal(result.rows, 13);
    const coefficients = columnValues(table!, 'coefficient') as number[];
    assert.ok(coefficients.every((value) => value >= 0));
    const total = coefficients.reduce((a, b) => a + b, 0);
    if (normalize) assert.ok(Math.abs(total - 1) < 1e-3, `sum ${total}`);
    else assert.ok(total > 1.5, `unnormalised coefficients are on the outcome's scale (sum ${total})`);
  }
  await finish(client);
});

test('NNLS `normalize` and SuperLearner `discrete` tune with {"candidates"}', async () => {
  const client = await attachedClient(running, 'linmeta-tune');
  const handle = await uploadDataset(client, 'diabetes');
  const nnls = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'NNLS', hyperparameters: { normalize: { candidates: [true, false] } } });
  const nnlsRaw = await client.call('job.result', { job_id: nnls, slice: 'raw' });
  assert.equal(nnlsRaw.hyperparameters.tuned, 1);
  assert.equal(typeof nnlsRaw.hyperparameters.normalize, 'boolean');
  assert.equal(nnlsRaw.tuner['.class'], 'GridSearch');
  const stacked = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'SuperLearner',
    hyperparameters: { base_learners: FAST_LIBRARY, inner_resampling_config: { type: 'KFold', n_resamples: 3 }, discrete: { candidates: [false, true] } },
    tuner_config: { type: 'GridSearch', config: { resampler_config: { type: 'KFold', n_resamples: 3 } } },
  });
  const stackedRaw = await client.call('job.result', { job_id: stacked, slice: 'raw' });
  assert.equal(stackedRaw.hyperparameters.tuned, 1);
  assert.equal(typeof stackedRaw.hyperparameters.discrete, 'boolean');
  await finish(client);
});

test('SuperLearner varimp names library entries: `weight` (NNLS, summing to 1) and `cv_risk`; search spaces expand into entries', async () => {
  const client = await attachedClient(running, 'sl-varimp');
  const handle = await uploadDataset(client, 'breast_cancer');
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'SuperLearner',
    hyperparameters: {
      base_learners: [
        { algorithm: 'CART', hyperparameters: { maxdepth: { candidates: [1, 4] } } },
        { algorithm: 'CART' },
        { algorithm: 'Ranger', hyperparameters: { num_trees: 20 } },
      ],
      inner_resampling_config: { type: 'KFold', n_resamples: 4 },
    },
  });
  const { result, table } = await tableSlice(client, jobId, 'varimp');
  assert.deepEqual(result.columns, ['variable', 'weight', 'cv_risk']);
  // The second CART base learner is `CART_2`, as is the first one's second combination: kept apart.
  assert.deepEqual(columnValues(table!, 'variable'), ['CART_1', 'CART_2', 'CART_2_2', 'Ranger']);
  const weights = columnValues(table!, 'weight') as number[];
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 1) < 1e-3);
  const risks = columnValues(table!, 'cv_risk') as number[];
  // Brier scores of cross-fitted probabilities: in [0, 1], the depth-1 stump worse than depth 4.
  assert.ok(risks.every((risk) => risk >= 0 && risk <= 1));
  assert.ok(risks[0]! > risks[1]!, `stump ${risks[0]} vs depth 4 ${risks[1]}`);
  const raw = await client.call('job.result', { job_id: jobId, slice: 'raw' });
  assert.equal(raw.hyperparameters.base_learners.length, 3);
  assert.deepEqual(raw.hyperparameters.meta_learner.algorithm, 'NNLS');
  assert.equal(raw.hyperparameters.inner_resampling_config.type, 'KFold');
  assert.ok(raw.metrics_training.metrics.overall[0].balanced_accuracy > 0.9);

  const discrete = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'SuperLearner',
    hyperparameters: { base_learners: FAST_LIBRARY, discrete: true, inner_resampling_config: { type: 'KFold', n_resamples: 3 } },
  });
  const chosen = await tableSlice(client, discrete, 'varimp');
  const chosenWeights = columnValues(chosen.table!, 'weight') as number[];
  const chosenRisks = columnValues(chosen.table!, 'cv_risk') as number[];
  assert.deepEqual([...chosenWeights].sort(), [0, 1], 'the discrete SuperLearner keeps one entry');
  assert.equal(chosenRisks[chosenWeights.indexOf(1)], Math.min(...chosenRisks), 'the lowest-risk entry');
  await finish(client);
});

test('multiclass outcomes fail as jobs with rtemis messages; Isotonic refuses several predictors and ifw weights', async () => {
  const client = await attachedClient(running, 'linmeta-refusals');
  const iris = await uploadDataset(client, 'iris');
  assert.equal(await failedWith(client, { data_handle: iris, algorithm: 'NNLS' }), 'NNLS does not support multiclass classification.');
  assert.equal(
    await failedWith(client, { data_handle: iris, algorithm: 'Isotonic', preprocessor_config: { remove_features: ['Sepal.Width', 'Petal.Length', 'Petal.Width'] } }),
    'Isotonic does not support multiclass classification.',
  );
  assert.equal(
    await failedWith(client, { data_handle: iris, algorithm: 'SuperLearner', hyperparameters: { base_learners: FAST_LIBRARY } }),
    'SuperLearner does not support multiclass classification.',
  );
  const boston = await uploadDataset(client, 'boston');
  assert.equal(await failedWith(client, { data_handle: boston, algorithm: 'Isotonic' }), 'Isotonic requires a single predictor.');
  const cancer = await uploadDataset(client, 'breast_cancer');
  const description = await client.call('data.describe', { data_handle: cancer });
  const names = (description.columns as { name: string }[]).map((column) => column.name).filter((name) => name !== 'mean radius' && name !== 'diagnosis');
  assert.equal(
    await failedWith(client, { data_handle: cancer, algorithm: 'Isotonic', hyperparameters: { ifw: true }, preprocessor_config: { remove_features: names } }),
    'Isotonic does not support weights.',
  );
  await finish(client);
});

test('SuperLearner options we cannot honour, and bad nested learners, are invalid_params at submission', async () => {
  const client = await attachedClient(running, 'sl-invalid');
  const handle = await uploadDataset(client, 'breast_cancer');
  const train = (hyperparameters: Record<string, unknown>) => ({ data_handle: handle, algorithm: 'SuperLearner', hyperparameters });
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }] }), /at least 2 learners/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'NoSuchLearner' }] }), /NoSuchLearner/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'KNNope' }] }), /KNNope/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { hyperparameters: {} }] }), /base_learners\[2\]/, /`algorithm`/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparameters: { cp: -1 } }] }), /base_learners\[2\]/, /`cp`/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparams: {} }] }), /hyperparams/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'SuperLearner' }] }), /cannot be a SuperLearner/);
  await refused(client, train({ base_learners: [{ algorithm: 'GLM' }, 'CART'] }), /base_learners/);
  await refused(
    client,
    train({ base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART', hyperparameters: { cp: { candidates: [0.01, 0.1] } } }], expand_search_spaces: false }),
    /expand_search_spaces/,
    /not supported/,
  );
  await refused(client, train({ meta_learner: { algorithm: 'NNLS', hyperparameters: { normalize: { candidates: [true, false] } } } }), /meta_learner/, /search spaces/);
  await refused(client, train({ meta_learner: 'NNLS' }), /meta_learner/);
  await refused(client, train({ inner_resampling_config: { type: 'StratSub' } }), /must be one of: KFold, LOOCV; got 'StratSub'/);
  await refused(client, train({ inner_resampling_config: { type: 'KFold', id_strat: 'mean radius' } }), /id_strat/);
  await refused(client, train({ inner_resampling_config: { type: 'KFold', n_resamples: 0 } }), /n_resamples/);
  await refused(client, train({ base_learners: { candidates: [[], []] } }), /not tunable/);
  await refused(client, train({ discrete: 'yes' }), /`discrete`/);
  await refused(client, { data_handle: handle, algorithm: 'NNLS', hyperparameters: { normalize: 1 } }, /`normalize`/);
  await refused(client, { data_handle: handle, algorithm: 'Isotonic', hyperparameters: { increasing: false } }, /`increasing`/);
  await finish(client);
});

test('a SuperLearner stops between base-learner fits when its job is cancelled', async () => {
  const client = await attachedClient(running, 'sl-cancel');
  const handle = await uploadTable(client, 'long', longRegressionIpc(2000));
  // LOOCV: 2 × 2000 nested fits, far longer than the test waits.
  const { job_id: jobId } = await client.call('train', {
    data_handle: handle,
    algorithm: 'SuperLearner',
    hyperparameters: { base_learners: [{ algorithm: 'GLM' }, { algorithm: 'CART' }], inner_resampling_config: { type: 'LOOCV' } },
  });
  await client.waitForEvent('job.progress', (data) => data.job_id === jobId, 60_000);
  const started = Date.now();
  assert.deepEqual(await client.call('job.cancel', { job_id: jobId }), { cancelled: true });
  const { event } = await resolution(client, jobId, 30_000);
  assert.equal(event, 'job.cancelled');
  assert.ok(Date.now() - started < 30_000);
  await finish(client);
});
