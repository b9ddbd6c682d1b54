/** Job lifecycle over the wire: list, status, events, progress, delete, save, choose_dir (§3.30–§3.36, §7, vectors 80–86). */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { after, before, test } from 'node:test';
import { readSavedResult } from '../../src/jobs/saved-result.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';
import {
  attachedClient,
  completed,
  finish,
  ISO_TIMESTAMP,
  JOB_SUMMARY_KEYS,
  LONG_RANGER,
  longRegressionIpc,
  resolution,
  runToCompletion,
  statusWhen,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
let saveRoot: string;
before(async () => {
  running = await startServer();
  saveRoot = mkdtempSync(join(tmpdir(), 'rtemislive-job-save-'));
});
after(async () => {
  await running.stop();
  rmSync(saveRoot, { recursive: true, force: true });
});

test('vectors 70/71/80/82: job.status and job.list give JobSummaries; job.complete carries the same summary', async () => {
  const client = await attachedClient(running, 'lifecycle');
  const breast = await uploadDataset(client, 'breast_cancer');
  const iris = await uploadDataset(client, 'iris');
  const submitted = await client.call('train', { data_handle: breast, algorithm: 'GLM' });
  assert.match(submitted.job_id, /^job-[0-9a-f]{16}$/);
  assert.deepEqual(submitted, { job_id: submitted.job_id, status: 'running' }, 'no queue_position unless queued');
  const listed = (await client.call('job.list')).jobs;
  assert.deepEqual(listed.map((job: { job_id: string }) => job.job_id), [submitted.job_id]);

  const complete = await completed(client, submitted.job_id);
  assert.deepEqual(Object.keys(complete), ['job_id', 'summary']);
  const status = await client.call('job.status', { job_id: submitted.job_id });
  assert.deepEqual(complete.summary, status, 'the event carries the JobSummary, not the result summary');
  assert.deepEqual(Object.keys(status), JOB_SUMMARY_KEYS);
  assert.equal(status.type, 'train');
  assert.equal(status.status, 'complete');
  assert.equal(status.error, null);
  for (const key of ['submitted_at', 'started_at', 'completed_at']) assert.match(status[key], ISO_TIMESTAMP);
  assert.equal(status.started_at, status.submitted_at, 'a job with a free slot starts when submitted');
  assert.ok(status.completed_at >= status.started_at);
  assert.equal(status.stage, 'train');
  assert.equal(typeof status.last_message, 'string');
  assert.equal(client.events('job.started').length, 0, 'no job.started for a job that started at once (B.24)');

  // GLM refuses a multiclass outcome: a failed job next to the complete one (vector 80).
  const failing = await client.call('train', { data_handle: iris, algorithm: 'GLM' });
  const failed = await resolution(client, failing.job_id);
  assert.equal(failed.event, 'job.failed');
  assert.deepEqual(Object.keys(failed.data), ['job_id', 'error']);
  assert.equal(failed.data.error.code, 'internal_error');
  const jobs = (await client.call('job.list')).jobs;
  assert.equal(jobs.length, 2);
  for (const job of jobs) assert.deepEqual(Object.keys(job), JOB_SUMMARY_KEYS);
  assert.deepEqual(jobs.map((job: { status: string }) => job.status).sort(), ['complete', 'failed']);
  const failedSummary = jobs.find((job: { job_id: string }) => job.job_id === failing.job_id);
  assert.deepEqual(failedSummary.error, failed.data.error);
  assert.match(failedSummary.completed_at, ISO_TIMESTAMP);

  const info = await client.call('session.info');
  assert.deepEqual(
    info.jobs.map((job: { job_id: string }) => job.job_id).sort(),
    jobs.map((job: { job_id: string }) => job.job_id).sort(),
  );
  await finish(client);
});

test('§7.3: a resampled job reports progress with a rising fraction that reaches 1', async () => {
  const client = await attachedClient(running, 'progress');
  const handle = await uploadDataset(client, 'diabetes');
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'Ranger',
    hyperparameters: { num_trees: 30 },
    outer_resampling_config: { type: 'KFold', n_resamples: 5 },
  });
  const progress = client.events('job.progress').filter((data) => data.job_id === jobId);
  assert.ok(progress.length > 0);
  for (const data of progress) assert.deepEqual(Object.keys(data).slice(0, 3), ['job_id', 'stage', 'message']);
  const fractions = progress.filter((data) => 'fraction' in data);
  assert.ok(fractions.length >= 5, `one fraction per outer fold at least (got ${fractions.length})`);
  for (const data of fractions) {
    assert.equal(data.level, 'progress', 'fractions come from progress-loop envelopes only');
    assert.ok(data.fraction >= 0 && data.fraction <= 1);
  }
  for (let i = 1; i < fractions.length; i += 1) assert.ok(fractions[i].fraction >= fractions[i - 1].fraction, 'fraction never falls');
  assert.equal(fractions.at(-1).fraction, 1);
  const status = await client.call('job.status', { job_id: jobId });
  assert.equal(status.fraction, 1);
  // Progress precedes the resolution event (§7.10).
  const frames = client.frames.map((frame) => frame.header);
  const completeAt = frames.findIndex((header) => header.event === 'job.complete' && header.data.job_id === jobId);
  const fractionAt = frames.flatMap((header, index) => (header.event === 'job.progress' && 'fraction' in header.data ? [index] : []));
  const lastFractionAt = fractionAt.at(-1)!;
  assert.ok(lastFractionAt < completeAt);
  await finish(client);
});

test('vectors 81/84/85: delete, result and id checks; a running job cannot be deleted or read', async () => {
  const client = await attachedClient(running, 'delete');
  const longHandle = await uploadTable(client, 'long', longRegressionIpc());
  const irisHandle = await uploadDataset(client, 'iris');
  const done = await runToCompletion(client, 'train', { data_handle: irisHandle, algorithm: 'CART' });
  const { job_id: busy } = await client.call('train', { data_handle: longHandle, ...LONG_RANGER });
  await statusWhen(client, busy, (status) => status.status === 'running');

  for (const method of ['job.status', 'job.cancel', 'job.delete', 'job.result', 'job.save']) {
    assert.deepEqual(await client.error(method, { dir: saveRoot }), { code: 'invalid_params', message: '`job_id` is required.' });
  }
  for (const method of ['job.status', 'job.cancel', 'job.result']) {
    assert.deepEqual(await client.error(method, { job_id: 'job-nope' }), { code: 'not_found', message: "Unknown job_id 'job-nope'." });
  }
  assert.deepEqual(await client.error('job.save', { job_id: 'job-nope', dir: saveRoot }), {
    code: 'not_found',
    message: "Unknown job_id 'job-nope'.",
  });

  assert.deepEqual(await client.error('job.result', { job_id: busy }), {
    code: 'invalid_params',
    message: 'Job status is `running`; no result available.',
  });
  assert.deepEqual(await client.error('job.delete', { job_id: busy }), {
    code: 'invalid_params',
    message: 'Cannot delete a running job - cancel and wait first.',
  });

  // Jobs are looked up only within the attached session.
  const stranger = await attachedClient(running, 'delete-stranger');
  assert.deepEqual(await stranger.error('job.status', { job_id: done }), { code: 'not_found', message: `Unknown job_id '${done}'.` });
  assert.deepEqual(await stranger.call('job.delete', { job_id: done }), { deleted: false });
  await finish(stranger);

  assert.deepEqual(await client.call('job.delete', { job_id: done }), { deleted: true });
  assert.equal((await client.error('job.status', { job_id: done })).code, 'not_found');
  assert.equal((await client.error('job.result', { job_id: done })).code, 'not_found');
  assert.deepEqual(await client.call('job.delete', { job_id: done }), { deleted: false });
  assert.deepEqual((await client.call('job.list')).jobs.map((job: { job_id: string }) => job.job_id), [busy]);

  assert.deepEqual(await client.call('job.cancel', { job_id: busy }), { cancelled: true });
  await resolution(client, busy);
  assert.deepEqual(await client.call('job.delete', { job_id: busy }), { deleted: true }, 'a cancelled job can be deleted');
  await finish(client);
});

test('vector 86: job.save writes a file that reads back as the same result', async () => {
  const client = await attachedClient(running, 'save');
  const handle = await uploadDataset(client, 'boston');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'GLM' });
  const summary = await client.call('job.result', { job_id: jobId });

  const named = await client.call('job.save', { job_id: jobId, dir: saveRoot, filename: 'obj' });
  assert.deepEqual(Object.keys(named).sort(), ['bytes', 'path']);
  assert.ok(isAbsolute(named.path));
  assert.equal(named.path, join(saveRoot, 'obj.json.gz'));
  assert.equal(named.bytes, statSync(named.path).size);
  assert.ok(named.bytes > 0);
  const saved = await readSavedResult(named.path);
  assert.equal(saved.result.object['.class'], summary['.class']);
  assert.equal(saved.result.object.algorithm, 'GLM');
  assert.equal(saved.job.job_id, jobId);
  assert.equal(saved.job.type, 'train');
  assert.equal(saved.result.family, 'Supervised');
  assert.ok(saved.result.record, 'the run record is saved too');
  assert.ok(saved.result.tables.predictions, 'the tables are saved too');

  const defaulted = await client.call('job.save', { job_id: jobId, dir: saveRoot });
  assert.equal(defaulted.path, join(saveRoot, `train_${jobId}.json.gz`));
  assert.match(defaulted.path.split('/').at(-1), /^train_.*\.json\.gz$/);
  assert.equal((await readSavedResult(defaulted.path)).result.object['.class'], summary['.class']);

  // The name is confined to `dir`, the extension is not doubled, and missing directories are created.
  const nestedDir = join(saveRoot, 'nested', 'deeper');
  const confined = await client.call('job.save', { job_id: jobId, dir: nestedDir, filename: '../../escape/model.json.gz' });
  assert.equal(confined.path, join(nestedDir, 'model.json.gz'));
  assert.ok(existsSync(confined.path));
  assert.equal(existsSync(join(saveRoot, 'escape')), false);

  // Saving again overwrites silently.
  const again = await client.call('job.save', { job_id: jobId, dir: saveRoot, filename: 'obj' });
  assert.equal(again.path, named.path);

  for (const dir of [undefined, '', 42]) {
    assert.deepEqual(await client.error('job.save', { job_id: jobId, dir }), { code: 'invalid_params', message: '`dir` is required.' });
  }
  assert.deepEqual(readdirSync(saveRoot).sort(), ['nested', 'obj.json.gz', `train_${jobId}.json.gz`]);
  await finish(client);
});

test('job.save refuses a running job and a failed one', async () => {
  const client = await attachedClient(running, 'save-refused');
  const longHandle = await uploadTable(client, 'long', longRegressionIpc());
  const iris = await uploadDataset(client, 'iris');
  const failing = await client.call('train', { data_handle: iris, algorithm: 'GLM' });
  assert.equal((await resolution(client, failing.job_id)).event, 'job.failed');
  assert.deepEqual(await client.error('job.save', { job_id: failing.job_id, dir: saveRoot }), {
    code: 'invalid_params',
    message: 'Job status is `failed`; no result available.',
  });
  const { job_id: busy } = await client.call('train', { data_handle: longHandle, ...LONG_RANGER });
  await statusWhen(client, busy, (status) => status.status === 'running');
  const dir = join(saveRoot, 'never');
  assert.deepEqual(await client.error('job.save', { job_id: busy, dir }), {
    code: 'invalid_params',
    message: 'Job status is `running`; no result available.',
  });
  assert.equal(existsSync(dir), false, 'nothing is written for a refused save');
  await finish(client);
});

const zenityInstalled = (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'zenity')));

test('dialog.choose_dir without a folder picker answers {cancelled:true}; it needs auth but no session', { skip: zenityInstalled && 'zenity would open a real dialog' }, async () => {
  const unauthenticated = await WireClient.connect(running.url);
  assert.equal((await unauthenticated.error('dialog.choose_dir', {})).code, 'unauthorized');
  await unauthenticated.close();
  const client = await WireClient.authed(running.url, running.token);
  assert.deepEqual(await client.call('dialog.choose_dir', { prompt: 'Save model to' }), { cancelled: true });
  assert.deepEqual(await client.call('dialog.choose_dir'), { cancelled: true });
  await client.close();
});

test('a search space {candidates:[…]} tunes: the chosen value is one of the candidates and its origin is "tuned"', async () => {
  const client = await attachedClient(running, 'tuning');
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', {
    data_handle: handle,
    algorithm: 'CART',
    hyperparameters: { maxdepth: { candidates: [1, 4] } },
  });
  const record = await client.call('job.result', { job_id: jobId, slice: 'record' });
  assert.deepEqual(record.hyperparameters.hyperparameters.maxdepth, { candidates: [1, 4] }, 'the record echoes the search space');
  assert.equal(record.hyperparameters.hyperparameters.origin.maxdepth, 'user');
  const [fold] = record.folds;
  assert.ok([1, 4].includes(fold.hyperparameters.hyperparameters.maxdepth));
  assert.equal(fold.hyperparameters.hyperparameters.origin.maxdepth, 'tuned');
  assert.deepEqual(fold.tuning.param_grid.map((cell: { maxdepth: number }) => cell.maxdepth).sort(), [1, 4]);
  const summary = await client.call('job.result', { job_id: jobId });
  assert.equal(summary.hyperparameters.hyperparameters.maxdepth, fold.hyperparameters.hyperparameters.maxdepth);
  await finish(client);
});

test('events of a job whose session has nobody attached are buffered and replayed on session.join', async () => {
  const client = await attachedClient(running, 'buffered');
  const handle = await uploadDataset(client, 'iris');
  const { session_id: sessionId } = await client.call('session.info');
  // A job of about a second, detached in the same burst: it cannot resolve while still attached.
  const [{ job_id: jobId }] = await Promise.all([
    client.call('train', {
      data_handle: handle,
      algorithm: 'Ranger',
      hyperparameters: { num_trees: 100 },
      outer_resampling_config: { type: 'KFold', n_resamples: 5 },
    }),
    client.call('session.detach'),
  ]);
  // Unattached, the connection can still see the session's job count drop to zero running.
  for (;;) {
    const listed = (await client.call('session.list')).sessions.find((item: { session_id: string }) => item.session_id === sessionId);
    if (listed.jobs_running === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const received = client.frames.length;
  const rejoining = await WireClient.authed(running.url, running.token);
  const join = await rejoining.request('session.join', { session_id: sessionId });
  assert.equal(join.header.ok, true);
  const before = rejoining.frames.slice(0, rejoining.frames.indexOf(join));
  const replayed = before.filter((frame) => frame.header.event === 'job.complete').map((frame) => frame.header.data.job_id);
  assert.deepEqual(replayed, [jobId], 'the resolution event is replayed before the join response');
  assert.ok(before.some((frame) => frame.header.event === 'job.progress' && frame.header.data.job_id === jobId));
  assert.equal(client.frames.length, received, 'the detached connection got no events');
  assert.equal((await rejoining.call('job.result', { job_id: jobId }))['.class'], 'ClassificationRes');
  await finish(rejoining);
  await client.close();
});
