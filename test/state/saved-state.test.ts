/**
 * Saved state over the wire, in-process: a server saves to a folder, stops, and a new server
 * on the same folder serves the same sessions, data and results (issue 9, item 3), and
 * the limits of item 4 hold.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { readSavedResult } from '../../src/jobs/saved-result.js';
import { datasetIpc, smallTableIpc } from '../support/arrow-fixtures.js';
import { TEST_TOKEN } from '../support/test-server.js';
import { completed, delay, longRegressionIpc, LONG_RANGER, resolution, statusWhen } from '../jobs/job-helpers.js';
import { assertNowhereIn, client, serverOn, sessionFiles, stateFolder } from './state-helpers.js';

const TABLE_SLICES = ['varimp', 'predictions', 'roc', 'session'];

describe('saved state across a restart (in-process)', { timeout: 300_000 }, () => {
  it('sessions, data and every result slice come back identical; job.save works on a restored job', async () => {
    const dir = stateFolder('restart');
    const first = await serverOn(dir);
    const a = await client(first);
    const session = await a.call('session.create', { name: 'iris-work' });
    const iris = await a.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
    const small = await a.call('data.upload', { name: 'small' }, smallTableIpc());
    const describedBefore = await a.call('data.describe', { data_handle: iris.data_handle });
    const { job_id: trainId } = await a.call('train', { data_handle: iris.data_handle, algorithm: 'CART' });
    await completed(a, trainId);
    const { job_id: pcaId } = await a.call('decomp', { data_handle: iris.data_handle, algorithm: 'PCA', features: ['Sepal.Length', 'Sepal.Width', 'Petal.Length'] });
    await completed(a, pcaId);
    const before = new Map<string, { header: any; payload: Uint8Array | null }>();
    for (const slice of ['summary', 'raw', 'record', 'metrics', ...TABLE_SLICES]) before.set(`${trainId}/${slice}`, await a.request('job.result', { job_id: trainId, slice }));
    for (const slice of ['summary', 'transformed', 'loadings']) before.set(`${pcaId}/${slice}`, await a.request('job.result', { job_id: pcaId, slice }));
    const jobsBefore = (await a.call('job.list')).jobs;
    await a.close();
    await first.stop();

    const second = await serverOn(dir);
    try {
      const b = await client(second);
      const listed = (await b.call('session.list')).sessions;
      assert.deepEqual(listed.map((s: any) => [s.session_id, s.name, s.n_jobs]), [[session.session_id, 'iris-work', 2]]);
      const joined = await b.call('session.join', { session_id: session.session_id });
      assert.equal(joined.created, session.created);
      assert.deepEqual((await b.call('data.list')).handles, [iris, small].sort((x, y) => x.data_handle.localeCompare(y.data_handle)));
      assert.deepEqual(await b.call('data.describe', { data_handle: iris.data_handle }), describedBefore);
      assert.deepEqual((await b.call('job.list')).jobs, jobsBefore);
      for (const [key, earlier] of before) {
        const [jobId, slice] = key.split('/') as [string, string];
        const now = await b.request('job.result', { job_id: jobId, slice });
        // Arrow dictionary ids differ from one encoding to the next, so tables are compared decoded.
        assert.deepEqual({ ...now.header, id: null, payload: null }, { ...earlier.header, id: null, payload: null }, `${key} header`);
        assert.deepEqual(decodedRows(now.payload), decodedRows(earlier.payload), `${key} table`);
      }
      const saved = await b.call('job.save', { job_id: trainId, dir: join(dir, '..', `${session.session_id}-export`), filename: 'cart' });
      const document = await readSavedResult(saved.path);
      assert.equal(document.job.job_id, trainId);
      assert.equal(document.result.family, 'Supervised');
      // A restored handle trains (its bytes are read from disk on first use).
      const { job_id: again } = await b.call('train', { data_handle: small.data_handle, algorithm: 'GLM' });
      assert.equal((await resolution(b, again)).event, 'job.complete');
      assertNowhereIn(dir, TEST_TOKEN);
      await b.close();
    } finally {
      await second.stop();
    }
  });

  it('events buffered while nobody was attached are replayed to the first joiner after a restart', async () => {
    const dir = stateFolder('events');
    const first = await serverOn(dir);
    const a = await client(first);
    const session = await a.call('session.create', { name: 'detached' });
    const handle = await a.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
    const { job_id: jobId } = await a.call('train', { data_handle: handle.data_handle, algorithm: 'CART' });
    await a.call('session.detach');
    const watcher = await client(first);
    await noJobRunning(watcher, session.session_id);
    await watcher.close();
    await a.close();
    // The sweep saves buffered events within a second.
    await delay(1500);
    await first.stop();

    const second = await serverOn(dir);
    try {
      const b = await client(second);
      await b.call('session.join', { session_id: session.session_id });
      const complete = b.events('job.complete').find((data) => data.job_id === jobId);
      assert.ok(complete, 'job.complete is replayed');
      assert.equal(complete.summary.status, 'complete');
      const replayed = b.frames.findIndex((frame) => frame.header.event === 'job.complete');
      const response = b.frames.findIndex((frame) => frame.header.result?.session_id === session.session_id);
      assert.ok(replayed < response, 'replayed events precede the join response');
      await b.close();
    } finally {
      await second.stop();
    }
  });

  it('deleting a session, a data handle or a job removes its files before the reply', async () => {
    const dir = stateFolder('delete');
    const running = await serverOn(dir);
    try {
      const a = await client(running);
      const session = await a.call('session.create', { name: 'doomed' });
      const handle = await a.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      const { job_id: jobId } = await a.call('train', { data_handle: handle.data_handle, algorithm: 'CART' });
      await completed(a, jobId);
      assert.ok(sessionFiles(dir, session.session_id).includes(`data/${handle.data_handle}.arrow`));
      assert.ok(sessionFiles(dir, session.session_id).includes(`jobs/${jobId}.result`));
      assert.deepEqual(await a.call('data.delete', { data_handle: handle.data_handle }), { deleted: true });
      assert.equal(sessionFiles(dir, session.session_id).some((file) => file.startsWith('data/')), false);
      assert.deepEqual(await a.call('job.delete', { job_id: jobId }), { deleted: true });
      assert.equal(sessionFiles(dir, session.session_id).some((file) => file.startsWith('jobs/')), false);
      await a.call('session.delete');
      assert.equal(existsSync(join(dir, 'sessions', session.session_id)), false);
      assert.deepEqual(readdirSync(join(dir, 'trash')), []);
      await a.close();
    } finally {
      await running.stop();
    }
  });

  it('TTLs apply to saved objects: expiry deletes their files, also for objects restored after a restart', async () => {
    const dir = stateFolder('ttl');
    const first = await serverOn(dir);
    const a = await client(first);
    const kept = await a.call('session.create', { name: 'kept' });
    const handle = await a.call('data.upload', { name: 'small' }, smallTableIpc());
    await a.call('session.detach');
    const idle = await a.call('session.create', { name: 'idle' });
    await a.close();
    await first.stop();
    assert.ok(sessionFiles(dir, kept.session_id).includes(`data/${handle.data_handle}.arrow`));

    // Restarted with short TTLs: the idle session and the handle expire and their files go.
    const second = await serverOn(dir, { gcInterval: 0.2, dataTtl: 0.5, sessionTtl: 3600, tickMs: 20 });
    try {
      const b = await client(second);
      await b.call('session.join', { session_id: kept.session_id });
      for (let i = 0; i < 100 && (await b.call('data.list')).handles.length > 0; i += 1) await delay(100);
      assert.deepEqual((await b.call('data.list')).handles, []);
      await delay(300);
      assert.equal(sessionFiles(dir, kept.session_id).some((file) => file.startsWith('data/')), false, 'the expired handle\'s files are gone');
      assert.ok(existsSync(join(dir, 'sessions', idle.session_id)), 'sessions live longer');
      await b.close();
    } finally {
      await second.stop();
    }
    const third = await serverOn(dir, { gcInterval: 0.2, sessionTtl: 0.5, tickMs: 20 });
    try {
      const c = await client(third);
      for (let i = 0; i < 100 && (await c.call('session.list')).sessions.length > 0; i += 1) await delay(100);
      assert.deepEqual((await c.call('session.list')).sessions, []);
      await delay(300);
      assert.deepEqual(readdirSync(join(dir, 'sessions')), [], 'collected sessions leave no folder');
      await c.close();
    } finally {
      await third.stop();
    }
  });

  it('the storage cap refuses uploads (single-frame and chunked) with a clear error and saves nothing of them', async () => {
    const dir = stateFolder('cap');
    const running = await serverOn(dir, { maxStateBytes: 6_000 });
    try {
      const a = await client(running);
      const session = await a.call('session.create', { name: 'capped' });
      const small = await a.call('data.upload', { name: 'small' }, smallTableIpc());
      const big = datasetIpc('iris');
      assert.ok(big.byteLength > 6_000, `iris takes ${big.byteLength} bytes`);
      const refused = await a.error('data.upload', { name: 'iris' }, big);
      assert.equal(refused.code, 'too_many');
      assert.match(refused.message, /^Not enough room for saved work: this upload needs .* of the .* limit are free\. .*--max-state-bytes/);
      const begin = await a.error('data.upload.begin', { name: 'iris', total_bytes: big.byteLength, n_chunks: 2 });
      assert.equal(begin.code, 'too_many');
      assert.deepEqual((await a.call('data.list')).handles, [small]);
      assert.deepEqual(sessionFiles(dir, session.session_id).filter((file) => file.startsWith('data/')).sort(), [`data/${small.data_handle}.arrow`, `data/${small.data_handle}.json`]);
      // Room comes back when data is deleted.
      await a.call('data.delete', { data_handle: small.data_handle });
      await delay(400);
      const status = running.server.status().storage!;
      assert.equal(status.max_bytes, 6_000);
      assert.ok(status.bytes < 2_000, `after the deletion ${status.bytes} bytes are in use`);
      await a.close();
    } finally {
      await running.stop();
    }
  });

  it('a chunked upload arrives whole on disk (chunks in any order) and is restored byte for byte', async () => {
    const dir = stateFolder('chunked');
    const first = await serverOn(dir);
    const a = await client(first);
    const session = await a.call('session.create', { name: 'chunks' });
    const bytes = longRegressionIpc(20_000);
    const size = Math.ceil(bytes.byteLength / 5);
    const { upload_id: uploadId } = await a.call('data.upload.begin', { name: 'long', total_bytes: bytes.byteLength, n_chunks: 5 });
    for (const index of [3, 1, 5, 2, 4]) {
      await a.call('data.upload.chunk', { upload_id: uploadId, chunk_index: index }, bytes.subarray((index - 1) * size, index * size));
    }
    const handle = await a.call('data.upload.end', { upload_id: uploadId });
    const cancelled = await a.call('data.upload.begin', { name: 'dropped', total_bytes: 10, n_chunks: 1 });
    await a.call('data.upload.cancel', { upload_id: cancelled.upload_id });
    await a.close();
    await first.stop();
    assert.deepEqual(readdirSync(join(dir, 'tmp')), [], 'no spool file is left behind');

    const second = await serverOn(dir);
    try {
      const b = await client(second);
      await b.call('session.join', { session_id: session.session_id });
      const described = await b.call('data.describe', { data_handle: handle.data_handle });
      assert.equal(described.rows, 20_000);
      const restored = tableFromIPC(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'sessions', session.session_id, 'data', `${handle.data_handle}.arrow`))));
      assert.equal(restored.numRows, 20_000);
      assert.deepEqual(
        new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(join(dir, 'sessions', session.session_id, 'data', `${handle.data_handle}.arrow`)))),
        bytes,
        'the Arrow bytes are stored exactly as uploaded',
      );
      await b.close();
    } finally {
      await second.stop();
    }
  });

  it('on a stop, queued jobs are queued again in their old order and running ones end interrupted', async () => {
    const dir = stateFolder('queue');
    const first = await serverOn(dir, { maxConcurrent: 1 });
    const a = await client(first);
    const session = await a.call('session.create', { name: 'queue' });
    const long = await a.call('data.upload', { name: 'long', }, longRegressionIpc());
    const small = await a.call('data.upload', { name: 'small' }, datasetIpc('iris'));
    const running = await a.call('train', { data_handle: long.data_handle, ...LONG_RANGER });
    const q1 = await a.call('train', { data_handle: small.data_handle, algorithm: 'CART' });
    const q2 = await a.call('cluster', { data_handle: small.data_handle, algorithm: 'KMeans', features: ['Sepal.Length', 'Petal.Length'] });
    assert.deepEqual([running.status, q1.queue_position, q2.queue_position], ['running', 1, 2]);
    // The handle the first queued job uses is deleted: its saved input keeps the data.
    await a.call('data.delete', { data_handle: small.data_handle });
    await a.close();
    await first.stop();

    const second = await serverOn(dir, { maxConcurrent: 1 });
    try {
      const b = await client(second);
      await b.call('session.join', { session_id: session.session_id });
      const interrupted = await b.call('job.status', { job_id: running.job_id });
      assert.equal(interrupted.status, 'failed');
      assert.equal(interrupted.error.code, 'interrupted');
      assert.match(interrupted.error.message, /server restarted/);
      const failed = b.events('job.failed').find((data) => data.job_id === running.job_id);
      assert.deepEqual(failed?.error, interrupted.error, 'the ending is replayed as job.failed');
      await completed(b, q1.job_id);
      await completed(b, q2.job_id);
      const [s1, s2] = [await b.call('job.status', { job_id: q1.job_id }), await b.call('job.status', { job_id: q2.job_id })];
      assert.ok(s1.started_at <= s2.started_at, 'the old order is kept');
      const started = b.events('job.started').map((data) => data.job_id);
      assert.deepEqual(started.filter((id) => id === q1.job_id || id === q2.job_id), [q1.job_id, q2.job_id]);
      assert.equal(sessionFiles(dir, session.session_id).some((file) => file.endsWith('.input.arrow')), false, 'inputs go once jobs start');
      // New ids are fresh: nothing collides with what was restored.
      const fresh = await b.call('train', { data_handle: long.data_handle, algorithm: 'GLM' });
      assert.equal(new Set([running.job_id, q1.job_id, q2.job_id, fresh.job_id]).size, 4);
      await statusWhen(b, fresh.job_id, (status) => status.status !== 'queued');
      await b.close();
    } finally {
      await second.stop();
    }
  });
});

/** A table slice's rows with their column types, or null without a payload. */
function decodedRows(payload: Uint8Array | null): unknown {
  if (payload === null) return null;
  const table = tableFromIPC(payload);
  return { types: table.schema.fields.map((field) => String(field.type)), rows: table.toArray().map((row) => row.toJSON()) };
}

/** Waits, without joining (which would drain the buffer), until the session has no running job. */
async function noJobRunning(watcher: Awaited<ReturnType<typeof client>>, sessionId: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    const session = (await watcher.call('session.list')).sessions.find((s: any) => s.session_id === sessionId);
    if (session && session.jobs_running === 0) return;
    await delay(100);
  }
  throw new Error('the job never finished');
}
