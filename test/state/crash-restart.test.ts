/**
 * Issue 9, item 3 with real processes: `serve` with three sessions, uploaded data (single
 * frame and chunked), finished jobs, one job running and two queued (`--max-concurrent 1`),
 * is killed with SIGKILL and started again on the same state folder. Everything must be
 * there: sessions (ids, names), replayed events, data, every result slice, job.save; the
 * queued jobs run again in order; the running one ended `failed` / `interrupted`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { readSavedResult } from '../../src/jobs/saved-result.js';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { connectWhenReady, spawnServe } from '../support/serve-process.js';
import { freePort } from '../support/test-server.js';
import type { WireClient } from '../support/wire-client.js';
import { completed, delay, longRegressionIpc, LONG_RANGER } from '../jobs/job-helpers.js';
import { assertNowhereIn, stateFolder } from './state-helpers.js';

const TOKEN = 'crash-test-token-0001';
const SLICES: Record<string, string[]> = {
  train: ['summary', 'raw', 'record', 'metrics', 'varimp', 'predictions', 'roc', 'session'],
  decomp: ['summary', 'raw', 'transformed', 'loadings', 'session'],
};

async function chunkedUpload(client: WireClient, name: string, bytes: Uint8Array, chunks: number): Promise<any> {
  const { upload_id: uploadId } = await client.call('data.upload.begin', { name, total_bytes: bytes.byteLength, n_chunks: chunks });
  const size = Math.ceil(bytes.byteLength / chunks);
  for (let index = chunks; index >= 1; index -= 1) {
    await client.call('data.upload.chunk', { upload_id: uploadId, chunk_index: index }, bytes.subarray((index - 1) * size, index * size));
  }
  return client.call('data.upload.end', { upload_id: uploadId });
}

/** Every slice of a job: its header result and its decoded table, comparable across servers. */
async function allSlices(client: WireClient, jobId: string, type: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const slice of SLICES[type]!) {
    const { header, payload } = await client.request('job.result', { job_id: jobId, slice });
    assert.equal(header.ok, true, `${jobId} ${slice}: ${JSON.stringify(header.error)}`);
    const table = payload ? tableFromIPC(payload) : null;
    out.push({ slice, result: header.result, rows: table?.toArray().map((row) => row.toJSON()) ?? null });
  }
  return out;
}

describe('kill -9 and restart on the same state folder (real processes)', { timeout: 600_000 }, () => {
  it('keeps sessions, data, results and events; re-queues queued jobs in order; ends the running one interrupted', async () => {
    const dir = stateFolder('crash');
    const port = await freePort();
    const args = ['--state-dir', dir, '--workers', '1', '--max-concurrent', '1'];
    const first = spawnServe(port, TOKEN, args);
    const a = await connectWhenReady(first);
    const b = await connectWhenReady(first);
    const c = await connectWhenReady(first);
    try {
      const s1 = await a.call('session.create', { name: 'finished-work' });
      const s2 = await b.call('session.create', { name: 'long-run' });
      const s3 = await c.call('session.create', { name: 'waiting' });
      const iris = await a.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      const wine = await chunkedUpload(a, 'wine', datasetIpc('wine'), 4);
      const cart = await a.call('train', { data_handle: iris.data_handle, algorithm: 'CART' });
      await completed(a, cart.job_id);
      const pca = await a.call('decomp', { data_handle: wine.data_handle, algorithm: 'PCA', features: ['alcohol', 'malic_acid', 'ash'] });
      await completed(a, pca.job_id);
      const long = await b.call('data.upload', { name: 'long' }, longRegressionIpc());
      const running = await b.call('train', { data_handle: long.data_handle, ...LONG_RANGER });
      assert.equal(running.status, 'running');
      await b.waitForEvent('job.progress', (data) => data.job_id === running.job_id);
      const irisForC = await c.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      const queued1 = await c.call('train', { data_handle: irisForC.data_handle, algorithm: 'CART' });
      const queued2 = await c.call('cluster', { data_handle: irisForC.data_handle, algorithm: 'KMeans', features: ['Sepal.Length', 'Petal.Length'] });
      assert.deepEqual([queued1.queue_position, queued2.queue_position], [1, 2]);

      const before = {
        sessions: (await a.call('session.list')).sessions.map((s: any) => [s.session_id, s.name, s.created]),
        data: (await a.call('data.list')).handles,
        described: await a.call('data.describe', { data_handle: wine.data_handle }),
        jobs: (await a.call('job.list')).jobs,
        cart: await allSlices(a, cart.job_id, 'train'),
        pca: await allSlices(a, pca.job_id, 'decomp'),
      };
      // s1 loses its connection: `session.connection_left` is buffered for the next joiner.
      await a.close();
      await delay(1500);
      await first.kill();

      const second = spawnServe(port, TOKEN, args);
      try {
        const d = await connectWhenReady(second);
        assert.deepEqual((await d.call('session.list')).sessions.map((s: any) => [s.session_id, s.name, s.created]), before.sessions);

        await d.call('session.join', { session_id: s1.session_id });
        const left = d.events('session.connection_left');
        assert.equal(left.length, 1, 'the buffered connection_left is replayed on join');
        assert.equal(left[0].session_id, s1.session_id);
        assert.deepEqual((await d.call('data.list')).handles, before.data);
        assert.deepEqual(await d.call('data.describe', { data_handle: wine.data_handle }), before.described);
        assert.deepEqual((await d.call('job.list')).jobs, before.jobs);
        assert.deepEqual(await allSlices(d, cart.job_id, 'train'), before.cart);
        assert.deepEqual(await allSlices(d, pca.job_id, 'decomp'), before.pca);
        const saved = await d.call('job.save', { job_id: cart.job_id, dir: join(dir, '..', `${s1.session_id}-saved`) });
        assert.equal((await readSavedResult(saved.path)).job.job_id, cart.job_id);
        await d.call('session.detach');

        await d.call('session.join', { session_id: s2.session_id });
        const interrupted = await d.call('job.status', { job_id: running.job_id });
        assert.equal(interrupted.status, 'failed');
        assert.deepEqual(interrupted.error.code, 'interrupted');
        assert.match(interrupted.error.message, /server restarted while this job was running/);
        assert.ok(d.events('job.failed').some((data) => data.job_id === running.job_id && data.error.code === 'interrupted'));
        await d.call('session.detach');

        await d.call('session.join', { session_id: s3.session_id });
        await completed(d, queued1.job_id);
        await completed(d, queued2.job_id);
        const started = d.events('job.started').map((data) => data.job_id);
        assert.deepEqual(started, [queued1.job_id, queued2.job_id], 'queued jobs started again, in their old order');

        const fresh = await d.call('session.create', { name: 'fresh' }).catch(async () => {
          await d.call('session.detach');
          return d.call('session.create', { name: 'fresh' });
        });
        const freshData = await d.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
        const freshJob = await d.call('train', { data_handle: freshData.data_handle, algorithm: 'CART' });
        const restoredIds = [s1.session_id, s2.session_id, s3.session_id, iris.data_handle, wine.data_handle, long.data_handle, irisForC.data_handle, cart.job_id, pca.job_id, running.job_id, queued1.job_id, queued2.job_id];
        for (const id of [fresh.session_id, freshData.data_handle, freshJob.job_id]) assert.equal(restoredIds.includes(id), false);
        await completed(d, freshJob.job_id);
        await d.close();
        assertNowhereIn(dir, TOKEN);
        assert.equal(/could not be read/.test(second.stderr()), false, second.stderr());
      } finally {
        await second.stop();
      }
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) await first.kill();
      for (const client of [b, c]) client.socket.terminate();
    }
  });
});
