/**
 * A state folder with torn, garbage and wrong-version files: the server starts, logs one line
 * naming each damaged file, moves it to damaged/, and serves everything else (issue 9, item 2).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { datasetIpc, smallTableIpc } from '../support/arrow-fixtures.js';
import { completed } from '../jobs/job-helpers.js';
import { client, recordingLogger, serverOn, sessionFiles, stateFolder } from './state-helpers.js';

describe('damaged saved state', { timeout: 180_000 }, () => {
  it('truncated, garbage and wrong-version files are set aside with one log line each; the rest is served', async () => {
    const dir = stateFolder('damaged');
    const first = await serverOn(dir);
    const a = await client(first);
    const kept = await a.call('session.create', { name: 'kept' });
    const torn = await a.call('data.upload', { name: 'torn' }, smallTableIpc());
    const garbage = await a.call('data.upload', { name: 'garbage' }, smallTableIpc());
    const good = await a.call('data.upload', { name: 'good' }, datasetIpc('iris'));
    const jobs: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { job_id: jobId } = await a.call('train', { data_handle: good.data_handle, algorithm: 'CART' });
      await completed(a, jobId);
      jobs.push(jobId);
    }
    const [newerVersion, shortResult, goodJob] = jobs as [string, string, string];
    await a.call('session.detach');
    const lost = await a.call('session.create', { name: 'lost' });
    await a.close();
    await first.stop();

    const data = (id: string, ext: string) => join(dir, 'sessions', kept.session_id, 'data', `${id}${ext}`);
    const job = (id: string, ext: string) => join(dir, 'sessions', kept.session_id, 'jobs', `${id}${ext}`);
    truncateSync(data(torn.data_handle, '.arrow'), 100);
    writeFileSync(data(garbage.data_handle, '.json'), '\u0000\u0001 not json at all');
    const document = JSON.parse(readFileSync(job(newerVersion, '.json'), 'utf8'));
    writeFileSync(job(newerVersion, '.json'), JSON.stringify({ ...document, format_version: 2 }));
    truncateSync(job(shortResult, '.result'), 10);
    writeFileSync(join(dir, 'sessions', lost.session_id, 'session.json'), '{"format":"rtemislive-session"');
    writeFileSync(join(dir, 'sessions', kept.session_id, 'data', 'notes.txt'), 'hand-made');
    // Leftovers of an interrupted write are removed silently: no commit record, nothing damaged.
    writeFileSync(data('data-00000000000000aa', '.arrow'), 'uncommitted');
    writeFileSync(join(dir, 'tmp', 'session.json.abc.tmp'), 'half');

    const logger = recordingLogger();
    const second = await serverOn(dir, {}, logger);
    try {
      const damagedLines = logger.lines.filter((line) => line.includes('could not be read'));
      const expected = [
        `sessions/${kept.session_id}/data/${torn.data_handle}.json`,
        `sessions/${kept.session_id}/data/${garbage.data_handle}.json`,
        `sessions/${kept.session_id}/jobs/${newerVersion}.json`,
        `sessions/${kept.session_id}/jobs/${shortResult}.json`,
        `sessions/${lost.session_id}/session.json`,
        `sessions/${kept.session_id}/data/notes.txt`,
      ];
      assert.equal(damagedLines.length, expected.length, damagedLines.join('\n'));
      for (const name of expected) assert.equal(damagedLines.filter((line) => line.includes(name)).length, 1, `one line names ${name}`);
      assert.match(damagedLines.find((line) => line.includes(torn.data_handle))!, /holds 100 bytes/);
      assert.match(damagedLines.find((line) => line.includes(newerVersion))!, /unsupported format_version 2/);
      assert.match(damagedLines.find((line) => line.includes(garbage.data_handle))!, /not JSON/);
      assert.match(damagedLines.find((line) => line.includes(lost.session_id))!, /whole session folder/);
      const damaged = readdirSync(join(dir, 'damaged'));
      for (const name of [`${torn.data_handle}.arrow`, `${garbage.data_handle}.json`, `${newerVersion}.json`, `${shortResult}.result`, 'notes.txt', lost.session_id]) {
        assert.ok(damaged.some((file) => file.endsWith(name)), `damaged/ holds ${name}: ${damaged.join(', ')}`);
      }
      assert.deepEqual(readdirSync(join(dir, 'tmp')), []);
      assert.equal(sessionFiles(dir, kept.session_id).includes('data/data-00000000000000aa.arrow'), false);

      const b = await client(second);
      assert.deepEqual((await b.call('session.list')).sessions.map((s: any) => s.name), ['kept']);
      await b.call('session.join', { session_id: kept.session_id });
      assert.deepEqual((await b.call('data.list')).handles, [good]);
      assert.equal((await b.call('data.describe', { data_handle: good.data_handle })).rows, 150);
      assert.deepEqual((await b.call('job.list')).jobs.map((j: any) => j.job_id), [goodJob]);
      assert.equal((await b.call('job.result', { job_id: goodJob })).algorithm, 'CART');
      await b.close();
    } finally {
      await second.stop();
    }
  });

  it('a file damaged in a way only reading shows is set aside on first use with a clear error', async () => {
    const dir = stateFolder('lazy');
    const first = await serverOn(dir);
    const a = await client(first);
    const session = await a.call('session.create', { name: 'lazy' });
    const handle = await a.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
    const { job_id: jobId } = await a.call('train', { data_handle: handle.data_handle, algorithm: 'CART' });
    await completed(a, jobId);
    await a.close();
    await first.stop();
    // Same sizes, wrong bytes: the start-up scan cannot tell.
    const arrowPath = join(dir, 'sessions', session.session_id, 'data', `${handle.data_handle}.arrow`);
    const resultPath = join(dir, 'sessions', session.session_id, 'jobs', `${jobId}.result`);
    writeFileSync(arrowPath, Buffer.alloc(readFileSync(arrowPath).length, 7));
    writeFileSync(resultPath, Buffer.alloc(readFileSync(resultPath).length, 9));

    const logger = recordingLogger();
    const second = await serverOn(dir, {}, logger);
    try {
      const b = await client(second);
      await b.call('session.join', { session_id: session.session_id });
      const described = await b.error('data.describe', { data_handle: handle.data_handle });
      assert.equal(described.code, 'internal_error');
      assert.match(described.message, /saved data set 'iris' .* could not be read and was set aside/);
      assert.deepEqual((await b.call('data.list')).handles, []);
      const result = await b.error('job.result', { job_id: jobId });
      assert.equal(result.code, 'internal_error');
      assert.match(result.message, /saved result of job .* could not be read and was set aside/);
      assert.deepEqual((await b.call('job.list')).jobs, []);
      assert.equal(logger.lines.filter((line) => line.includes('could not be read')).length, 2);
      assert.equal(readdirSync(join(dir, 'damaged')).length, 4);
      assert.deepEqual(sessionFiles(dir, session.session_id), ['session.json']);
      await b.close();
    } finally {
      await second.stop();
    }
  });
});
