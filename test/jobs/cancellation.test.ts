/**
 * Stopping jobs over the wire with real workers: `job.cancel` of running and queued jobs (§6.4,
 * vectors 75/79), a worker killed mid-job, and a deleted session taking its running job along (B.22).
 * One worker (the default), so every check that "the next job runs" proves the worker was freed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type RunningServer } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import {
  attachedClient,
  completed,
  finish,
  ISO_TIMESTAMP,
  jobWorkerPids,
  LONG_RANGER,
  longRegressionIpc,
  resolution,
  runToCompletion,
  statusWhen,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer({ workers: 1 })));
after(() => running.stop());

/** Submits the long Ranger job and waits until its worker is actually training (first progress event). */
async function startLongJob(client: WireClient): Promise<string> {
  const handle = await uploadTable(client, 'long', longRegressionIpc());
  const { job_id: jobId, status } = await client.call('train', { data_handle: handle, ...LONG_RANGER });
  assert.equal(status, 'running');
  await client.waitForEvent('job.progress', (data) => data.job_id === jobId, 60_000);
  return jobId;
}

/** A short job that can only finish once the single worker is free again. */
async function shortJobCompletes(client: WireClient): Promise<void> {
  const handle = await uploadDataset(client, 'iris');
  const jobId = await runToCompletion(client, 'train', { data_handle: handle, algorithm: 'CART' });
  assert.equal((await client.call('job.result', { job_id: jobId }))['.class'], 'Classification');
}

test('vector 79: cancelling a running job → cancelling, then job.cancelled and status cancelled', async () => {
  const client = await attachedClient(running, 'cancel-running');
  const jobId = await startLongJob(client);
  // Pipelined, so they are all answered before the worker can have reacted to the stop request.
  const [cancel, cancelling, deleteWhileCancelling, repeatedCancel] = await Promise.all([
    client.call('job.cancel', { job_id: jobId }),
    client.call('job.status', { job_id: jobId }),
    client.error('job.delete', { job_id: jobId }),
    client.call('job.cancel', { job_id: jobId }),
  ]);
  assert.deepEqual(cancel, { cancelled: true });
  assert.equal(cancelling.status, 'cancelling');
  assert.equal(cancelling.completed_at, null);
  assert.deepEqual(deleteWhileCancelling, { code: 'invalid_params', message: 'Cannot delete a cancelling job - cancel and wait first.' });
  assert.deepEqual(repeatedCancel, { cancelled: true }, 'a repeated cancel re-requests the stop');

  const { event, data } = await resolution(client, jobId);
  assert.equal(event, 'job.cancelled');
  assert.deepEqual(data, { job_id: jobId });
  const status = await client.call('job.status', { job_id: jobId });
  assert.equal(status.status, 'cancelled');
  assert.deepEqual(status.error, { code: 'cancelled', message: 'Job cancelled.' });
  assert.match(status.completed_at, ISO_TIMESTAMP);
  assert.equal(client.events('job.cancelled').filter((d) => d.job_id === jobId).length, 1, 'exactly one resolution event');
  assert.equal(client.events('job.complete').length + client.events('job.failed').length, 0);

  assert.deepEqual(await client.call('job.cancel', { job_id: jobId }), { cancelled: false }, 'a terminal job is not cancelled again');
  assert.deepEqual(await client.error('job.result', { job_id: jobId }), {
    code: 'invalid_params',
    message: 'Job status is `cancelled`; no result available.',
  });
  await shortJobCompletes(client);
  await finish(client);
});

test('vector 75: cancelling a queued job → cancelled at once, "Job cancelled before start.", never started', async () => {
  const client = await attachedClient(running, 'cancel-queued');
  const longJob = await startLongJob(client);
  const iris = await uploadDataset(client, 'iris');
  const queued = await client.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.deepEqual(queued, { job_id: queued.job_id, status: 'queued', queue_position: 1 });

  assert.deepEqual(await client.call('job.cancel', { job_id: queued.job_id }), { cancelled: true });
  const status = await client.call('job.status', { job_id: queued.job_id });
  assert.equal(status.status, 'cancelled');
  assert.equal(status.started_at, null);
  assert.match(status.completed_at, ISO_TIMESTAMP);
  assert.deepEqual(status.error, { code: 'cancelled', message: 'Job cancelled before start.' });
  assert.equal('queue_position' in status, false);
  assert.deepEqual(await client.waitForEvent('job.cancelled', (data) => data.job_id === queued.job_id), { job_id: queued.job_id });
  assert.equal((await client.call('job.status', { job_id: longJob })).status, 'running', 'the running job is untouched');

  assert.deepEqual(await client.call('job.cancel', { job_id: longJob }), { cancelled: true });
  assert.equal((await resolution(client, longJob)).event, 'job.cancelled');
  assert.equal(client.events('job.started').length, 0, 'the cancelled queued job never started');
  await finish(client);
});

test('a worker killed with SIGKILL mid-job → job.failed (internal_error); the next job runs to completion', async () => {
  const client = await attachedClient(running, 'worker-killed');
  const jobId = await startLongJob(client);
  const workers = jobWorkerPids();
  assert.equal(workers.length, 1, `one job worker alive (found ${workers.join(', ')})`);
  process.kill(workers[0]!, 'SIGKILL');

  const { event, data } = await resolution(client, jobId);
  assert.equal(event, 'job.failed');
  assert.equal(data.error.code, 'internal_error');
  assert.ok(data.error.message.length > 0);
  const status = await client.call('job.status', { job_id: jobId });
  assert.equal(status.status, 'failed');
  assert.deepEqual(status.error, data.error);

  await shortJobCompletes(client);
  const replacement = jobWorkerPids();
  assert.equal(replacement.length, 1);
  assert.notEqual(replacement[0], workers[0], 'a fresh worker replaced the killed one');
  await finish(client);
});

test('B.22: deleting a session cancels its running job, and another session\'s queued job then runs', async () => {
  const owner = await attachedClient(running, 'b22-owner');
  const other = await attachedClient(running, 'b22-other');
  const longJob = await startLongJob(owner);
  const iris = await uploadDataset(other, 'iris');
  const waiting = await other.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.equal(waiting.status, 'queued');

  await owner.call('session.delete');
  assert.equal((await owner.error('job.status', { job_id: longJob })).code, 'not_attached');
  await owner.close();

  // The long job would keep the only worker busy for minutes; the queued job finishing shows it stopped.
  const started = await other.waitForEvent('job.started', (data) => data.job_id === waiting.job_id, 60_000);
  assert.match(started.started_at, ISO_TIMESTAMP);
  await completed(other, waiting.job_id);
  const info = await other.call('info');
  assert.equal(info.n_jobs_running, 0, 'no slot is held by the deleted session');
  await finish(other);
});

test('a job submitted after a cancel starts at once and completes', async () => {
  const client = await attachedClient(running, 'after-cancel');
  const jobId = await startLongJob(client);
  await client.call('job.cancel', { job_id: jobId });
  await statusWhen(client, jobId, (status) => status.status === 'cancelled');
  const iris = await uploadDataset(client, 'iris');
  const next = await client.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.equal(next.status, 'running');
  await completed(client, next.job_id);
  await finish(client);
});
