/**
 * Queueing with one worker and the default `max_concurrent` (= workers, here 1): positions, FIFO
 * promotion within and across sessions, `job.started` events (§6.3, vectors 74, 76, 77).
 * Jobs that must stay busy are long Ranger runs, released by `job.cancel` at the step under test.
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
  JOB_SUMMARY_KEYS,
  LONG_RANGER,
  longRegressionIpc,
  resolution,
  uploadDataset,
  uploadTable,
} from './job-helpers.js';

let running: RunningServer;
before(async () => (running = await startServer({ workers: 1 })));
after(() => running.stop());

async function longJob(client: WireClient, handle: string): Promise<{ job_id: string; status: string; queue_position?: number }> {
  return client.call('train', { data_handle: handle, ...LONG_RANGER });
}

async function status(client: WireClient, jobId: string): Promise<any> {
  return client.call('job.status', { job_id: jobId });
}

/** Cancels a running job and waits for its resolution. */
async function release(client: WireClient, jobId: string): Promise<void> {
  assert.deepEqual(await client.call('job.cancel', { job_id: jobId }), { cancelled: true });
  assert.equal((await resolution(client, jobId)).event, 'job.cancelled');
}

test('vectors 74/76: three jobs on one worker run one at a time, in submission order', async () => {
  const client = await attachedClient(running, 'fifo');
  const long = await uploadTable(client, 'long', longRegressionIpc());
  const iris = await uploadDataset(client, 'iris');
  const first = await longJob(client, long);
  const second = await longJob(client, long);
  const third = await client.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.deepEqual(first, { job_id: first.job_id, status: 'running' });
  assert.deepEqual(second, { job_id: second.job_id, status: 'queued', queue_position: 1 });
  assert.deepEqual(third, { job_id: third.job_id, status: 'queued', queue_position: 2 });

  const queuedSummary = await status(client, second.job_id);
  assert.deepEqual(Object.keys(queuedSummary), [...JOB_SUMMARY_KEYS, 'queue_position']);
  assert.equal(queuedSummary.started_at, null);
  assert.equal(queuedSummary.queue_position, 1);
  assert.equal((await status(client, third.job_id)).queue_position, 2);
  const runningSummary = await status(client, first.job_id);
  assert.deepEqual(Object.keys(runningSummary), JOB_SUMMARY_KEYS, 'queue_position only while queued');
  const listed = (await client.call('job.list')).jobs;
  for (const job of listed) assert.equal('queue_position' in job, job.status === 'queued');

  await release(client, first.job_id);
  const secondStarted = await client.waitForEvent('job.started', (data) => data.job_id === second.job_id, 60_000);
  assert.deepEqual(Object.keys(secondStarted), ['job_id', 'started_at']);
  assert.match(secondStarted.started_at, ISO_TIMESTAMP);
  assert.equal((await status(client, second.job_id)).status, 'running');
  const stillQueued = await status(client, third.job_id);
  assert.equal(stillQueued.status, 'queued', 'one free slot promotes one job');
  assert.equal(stillQueued.queue_position, 1, 'the remaining job moves up');

  await release(client, second.job_id);
  await client.waitForEvent('job.started', (data) => data.job_id === third.job_id, 60_000);
  await completed(client, third.job_id);
  const order = client.frames
    .map((frame) => frame.header)
    .filter((header) => ['job.started', 'job.cancelled', 'job.complete'].includes(header.event))
    .map((header) => `${header.event}:${[first, second, third].findIndex((job) => job.job_id === header.data.job_id) + 1}`);
  // §7.10: a resolution is emitted before the promotion it makes room for.
  assert.deepEqual(order, ['job.cancelled:1', 'job.started:2', 'job.cancelled:2', 'job.started:3', 'job.complete:3']);
  const third_ = await status(client, third.job_id);
  assert.ok(third_.started_at >= third_.submitted_at);
  await finish(client);
});

test('vector 77: the queue is FIFO across sessions and job.started goes to the owning session only', async () => {
  const s1 = await attachedClient(running, 'fifo-s1');
  const s2 = await attachedClient(running, 'fifo-s2');
  const long1 = await uploadTable(s1, 'long', longRegressionIpc());
  const long2 = await uploadTable(s2, 'long', longRegressionIpc());
  const iris1 = await uploadDataset(s1, 'iris');

  const a = await longJob(s1, long1);
  const b = await longJob(s2, long2);
  const c = await s1.call('train', { data_handle: iris1, algorithm: 'CART' });
  assert.equal(a.status, 'running');
  assert.equal(b.queue_position, 1);
  assert.equal(c.queue_position, 2, 'positions count queued jobs of every session');

  await release(s1, a.job_id);
  await s2.waitForEvent('job.started', (data) => data.job_id === b.job_id, 60_000);
  assert.equal((await status(s2, b.job_id)).status, 'running', 'the older job from the other session goes first');
  const c_ = await status(s1, c.job_id);
  assert.equal(c_.status, 'queued');
  assert.equal(c_.queue_position, 1);
  assert.deepEqual(s1.events('job.started'), [], 'no event for another session\'s job');

  await release(s2, b.job_id);
  await s1.waitForEvent('job.started', (data) => data.job_id === c.job_id, 60_000);
  await completed(s1, c.job_id);
  assert.deepEqual(s2.events('job.started').map((data) => data.job_id), [b.job_id]);
  assert.deepEqual(s2.events('job.complete'), []);
  await finish(s1);
  await finish(s2);
});

test('once the queue has drained, a new job starts at once without a job.started event', async () => {
  const client = await attachedClient(running, 'no-overtake');
  const long = await uploadTable(client, 'long', longRegressionIpc());
  const iris = await uploadDataset(client, 'iris');
  const a = await longJob(client, long);
  const b = await client.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.equal(b.status, 'queued');
  await release(client, a.job_id);
  await completed(client, b.job_id);
  const c = await client.call('train', { data_handle: iris, algorithm: 'CART' });
  assert.deepEqual(c, { job_id: c.job_id, status: 'running' }, 'with nothing queued and a free slot a job starts at once');
  await completed(client, c.job_id);
  assert.deepEqual(client.events('job.started').map((data) => data.job_id), [b.job_id], 'only the promoted job got job.started');
  const session = (await client.call('session.list')).sessions.find((item: { jobs_running: number; n_jobs: number }) => item.n_jobs === 3);
  assert.equal(session.jobs_running, 0);
  await finish(client);
});
