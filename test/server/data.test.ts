import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeVector, Bool, Dictionary, Float64, Int32, Int64, Table, tableFromIPC, tableToIPC, Uint32, Utf8, vectorFromArray, TimestampMillisecond } from 'apache-arrow';
import { smallTableIpc, datasetIpc } from '../support/arrow-fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

let sessionCounter = 0;
async function attachedClient(): Promise<WireClient> {
  const client = await WireClient.authed(running.url, running.token);
  await client.call('session.create', { name: `data-${(sessionCounter += 1)}` });
  return client;
}

async function done(client: WireClient) {
  await client.call('session.delete');
  await client.close();
}

test('§11.5/58 single-frame upload returns a DataHandleSummary', async () => {
  const client = await attachedClient();
  const handle = await client.call('data.upload', { name: 'iris' }, smallTableIpc());
  assert.match(handle.data_handle, /^data-[0-9a-f]{16}$/);
  assert.deepEqual(Object.keys(handle), ['data_handle', 'name', 'rows', 'cols']);
  assert.equal(handle.name, 'iris');
  assert.equal(handle.rows, 10);
  assert.equal(handle.cols, 3);
  await done(client);
});

test('§11.5/57/59–60 upload validation in the reference order and codes', async () => {
  const client = await attachedClient();
  const bytes = smallTableIpc();
  assert.deepEqual(await client.error('data.upload', { name: 'x' }), { code: 'invalid_params', message: 'Arrow IPC payload is required for data.upload.' });
  assert.deepEqual(await client.error('data.upload', { name: 'x' }, new Uint8Array(0)), { code: 'invalid_params', message: 'Arrow IPC payload is required for data.upload.' });
  assert.deepEqual(await client.error('data.upload', {}, bytes), { code: 'invalid_params', message: '`name` is required.' });
  assert.deepEqual(await client.error('data.upload', {}), { code: 'invalid_params', message: '`name` is required.' });
  for (const name of ['', 5, ['a']]) {
    assert.deepEqual(await client.error('data.upload', { name }, bytes), { code: 'internal_error', message: '`name` must be a single non-empty character string.' });
  }
  const garbage = await client.error('data.upload', { name: 'x' }, Uint8Array.from({ length: 10 }, (_, i) => i + 1));
  assert.equal(garbage.code, 'internal_error');
  assert.match(garbage.message, /^Could not decode Arrow IPC stream: /);
  const truncated = await client.error('data.upload', { name: 'x' }, bytes.subarray(0, bytes.length - 30));
  assert.match(truncated.message, /^Could not decode Arrow IPC stream: /);
  assert.deepEqual((await client.call('data.list')).handles, []);
  await done(client);
});

test('the 16-handle cap answers too_many and keeps the existing handles', async () => {
  const client = await attachedClient();
  const bytes = smallTableIpc();
  for (let i = 0; i < 16; i += 1) await client.call('data.upload', { name: `t${i}` }, bytes);
  assert.deepEqual(await client.error('data.upload', { name: 'overflow' }, bytes), {
    code: 'too_many',
    message: 'Maximum number of data handles per session (16) reached.',
  });
  assert.equal((await client.call('data.list')).handles.length, 16);
  await done(client);
});

test('§11.5/61–63 list, describe and delete', async () => {
  const client = await attachedClient();
  const a = await client.call('data.upload', { name: 'a' }, smallTableIpc());
  await client.call('data.upload', { name: 'b' }, smallTableIpc());
  const { handles } = await client.call('data.list');
  assert.deepEqual(handles.map((h: { name: string }) => h.name).sort(), ['a', 'b']);

  const described = await client.call('data.describe', { data_handle: a.data_handle });
  assert.equal(described.rows, 10);
  assert.equal(described.cols, 3);
  const [x, y, z] = described.columns;
  assert.deepEqual(x, { name: 'x', type: 'integer', n_missing: 0, n_unique: 10, summary: { min: 1, max: 10, mean: 5.5 } });
  assert.equal(y.type, 'factor');
  assert.deepEqual(y.summary, { top: { a: 1, b: 1, c: 1 } });
  assert.equal(z.type, 'double');
  assert.equal(z.n_missing, 1);
  assert.equal(z.n_unique, 9);
  assert.deepEqual(Object.keys(z.summary), ['min', 'max', 'mean']);

  assert.deepEqual(await client.error('data.describe', {}), { code: 'invalid_params', message: '`data_handle` is required.' });
  assert.deepEqual(await client.error('data.describe', { data_handle: 'data-bogus' }), { code: 'not_found', message: "Unknown data_handle 'data-bogus'." });
  assert.deepEqual(await client.call('data.delete', { data_handle: a.data_handle }), { deleted: true });
  assert.equal((await client.error('data.describe', { data_handle: a.data_handle })).code, 'not_found');
  assert.deepEqual(await client.call('data.delete', { data_handle: a.data_handle }), { deleted: false });
  assert.deepEqual(await client.error('data.delete', {}), { code: 'invalid_params', message: '`data_handle` is required.' });
  await done(client);
});

test('§5.4–5.5 describe labels and summaries per Arrow type', async () => {
  const client = await attachedClient();
  const table = new Table({
    small_int: vectorFromArray([1, 2, null, 2], new Int32()),
    big_int: vectorFromArray([1n, 2n, 3n, 2n ** 40n], new Int64()),
    fits_int64: vectorFromArray([1n, 2n, 3n, 4n], new Int64()),
    unsigned: vectorFromArray([1, 2, 3, 4], new Uint32()),
    flag: vectorFromArray([true, false, true, null], new Bool()),
    species: vectorFromArray(['b', 'a', 'b', 'c'], new Dictionary(new Utf8(), new Int32())),
    words: vectorFromArray(['pear', 'apple', 'pear', null], new Utf8()),
    empty: vectorFromArray([null, null, null, null], new Float64()),
    when: vectorFromArray([new Date(0), new Date(86_400_000), null, new Date(0)], new TimestampMillisecond()),
  });
  const handle = await client.call('data.upload', { name: 'types' }, tableToIPC(table, 'stream'));
  const columns = Object.fromEntries((await client.call('data.describe', { data_handle: handle.data_handle })).columns.map((c: { name: string }) => [c.name, c]));
  assert.equal(columns.small_int.type, 'integer');
  assert.equal(columns.small_int.n_missing, 1);
  assert.equal(columns.small_int.n_unique, 2);
  assert.equal(columns.big_int.type, 'double');
  assert.equal(columns.fits_int64.type, 'integer');
  assert.equal(columns.unsigned.type, 'double');
  assert.deepEqual(columns.flag, { name: 'flag', type: 'logical', n_missing: 1, n_unique: 2, summary: { n_true: 2, n_false: 1 } });
  assert.deepEqual(columns.species.summary, { top: { b: 2, a: 1, c: 1 } });
  assert.equal(columns.species.type, 'factor');
  assert.deepEqual(columns.words, { name: 'words', type: 'factor', n_missing: 1, n_unique: 2, summary: { top: { pear: 2, apple: 1 } } });
  assert.deepEqual(columns.empty.summary, { min: null, max: null, mean: null });
  assert.equal(columns.when.type, 'double');
  assert.equal(columns.when.summary, null);
  assert.equal(columns.when.n_unique, 2);
  await done(client);
});

test('describe on a real dataset with strings and missing values (penguins)', async () => {
  const client = await attachedClient();
  const handle = await client.call('data.upload', { name: 'penguins' }, datasetIpc('penguins'));
  assert.deepEqual([handle.rows, handle.cols], [344, 8]);
  const { columns } = await client.call('data.describe', { data_handle: handle.data_handle });
  const species = columns.at(-1);
  assert.equal(species.type, 'factor');
  assert.equal(species.n_unique, 3);
  assert.deepEqual(Object.keys(species.summary.top).sort(), ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.ok(columns.some((column: { n_missing: number }) => column.n_missing > 0));
  await done(client);
});

test('§11.5/65–69 chunked upload: out of order, validation, end and cancel', async () => {
  const client = await attachedClient();
  const bytes = smallTableIpc();
  const third = Math.ceil(bytes.length / 3);
  const slices = [bytes.subarray(0, third), bytes.subarray(third, 2 * third), bytes.subarray(2 * third)];
  const { upload_id } = await client.call('data.upload.begin', { name: 'chunked', total_bytes: bytes.length, n_chunks: 3 });
  assert.match(upload_id, /^upload-[0-9a-f]{16}$/);
  const first = await client.call('data.upload.chunk', { upload_id, chunk_index: 1 }, slices[0]);
  assert.deepEqual(first, { received_count: 1, received_bytes: slices[0]!.length, total_bytes: bytes.length });
  await client.call('data.upload.chunk', { upload_id, chunk_index: 3 }, slices[2]);
  assert.deepEqual(await client.error('data.upload.chunk', { upload_id, chunk_index: 3 }, slices[2]), { code: 'invalid_params', message: 'Chunk 3 already received.' });
  for (const chunk_index of [0, 4, 1.5, 'x']) {
    const error = await client.error('data.upload.chunk', { upload_id, chunk_index }, slices[1]);
    assert.equal(error.code, 'invalid_params');
    assert.match(error.message, /^`chunk_index` must be between 1 and 3 \(got .+\)\.$/);
  }
  await client.call('data.upload.chunk', { upload_id, chunk_index: 2 }, slices[1]);
  const handle = await client.call('data.upload.end', { upload_id });
  assert.deepEqual([handle.name, handle.rows, handle.cols], ['chunked', 10, 3]);
  assert.deepEqual(await client.error('data.upload.end', { upload_id }), { code: 'not_found', message: `Unknown upload_id '${upload_id}'.` });

  assert.deepEqual(await client.error('data.upload.chunk', { upload_id: 'upload-nope', chunk_index: 1 }, slices[0]), { code: 'not_found', message: "Unknown upload_id 'upload-nope'." });
  assert.deepEqual(await client.error('data.upload.chunk', { upload_id }), { code: 'invalid_params', message: '`upload_id` and `chunk_index` are required.' });
  assert.deepEqual(await client.error('data.upload.chunk', { upload_id, chunk_index: 1 }), { code: 'invalid_params', message: 'Chunk payload is required.' });

  const incomplete = await client.call('data.upload.begin', { name: 'partial', total_bytes: bytes.length, n_chunks: 2 });
  await client.call('data.upload.chunk', { upload_id: incomplete.upload_id, chunk_index: 1 }, slices[0]);
  assert.deepEqual(await client.error('data.upload.end', { upload_id: incomplete.upload_id }), { code: 'invalid_params', message: 'Upload incomplete: received 1 of 2 chunks.' });
  assert.equal((await client.error('data.upload.end', { upload_id: incomplete.upload_id })).code, 'not_found', 'discarded after a failed end');

  const mismatch = await client.call('data.upload.begin', { name: 'm', total_bytes: 100, n_chunks: 1 });
  await client.call('data.upload.chunk', { upload_id: mismatch.upload_id, chunk_index: 1 }, new Uint8Array(10));
  assert.deepEqual(await client.error('data.upload.end', { upload_id: mismatch.upload_id }), { code: 'invalid_params', message: 'Upload size mismatch: declared 100 bytes, received 10.' });

  const cancelled = await client.call('data.upload.begin', { name: 'c', total_bytes: 10, n_chunks: 1 });
  assert.deepEqual(await client.call('data.upload.cancel', { upload_id: cancelled.upload_id }), { cancelled: true });
  assert.deepEqual(await client.call('data.upload.cancel', { upload_id: cancelled.upload_id }), { cancelled: false });
  assert.deepEqual(await client.call('data.upload.cancel', { upload_id: 'upload-unknown' }), { cancelled: false });
  assert.deepEqual(await client.error('data.upload.cancel', {}), { code: 'invalid_params', message: '`upload_id` is required.' });
  await done(client);
});

test('§3.20 begin validation, and B.15 bounds on pending uploads', async () => {
  const client = await attachedClient();
  assert.deepEqual(await client.error('data.upload.begin', { name: 'x', total_bytes: 10 }), { code: 'invalid_params', message: '`name`, `total_bytes`, and `n_chunks` are required.' });
  assert.deepEqual(await client.error('data.upload.begin', { name: '', total_bytes: 10, n_chunks: 1 }), { code: 'internal_error', message: '`name` must be a single non-empty character string.' });
  assert.deepEqual(await client.error('data.upload.begin', { name: 'x', total_bytes: -1, n_chunks: 1 }), { code: 'internal_error', message: '`total_bytes` must be a single positive integer.' });
  assert.deepEqual(await client.error('data.upload.begin', { name: 'x', total_bytes: '10', n_chunks: 1 }), { code: 'internal_error', message: '`total_bytes` must be a single positive integer.' });
  assert.deepEqual(await client.error('data.upload.begin', { name: 'x', total_bytes: 10, n_chunks: 0 }), { code: 'internal_error', message: '`n_chunks` must be a single positive integer.' });
  assert.equal((await client.error('data.upload.begin', { name: 'x', total_bytes: 2 ** 40, n_chunks: 1 })).code, 'invalid_params');

  const small = await client.call('data.upload.begin', { name: 's', total_bytes: 10, n_chunks: 2 });
  const overflow = await client.error('data.upload.chunk', { upload_id: small.upload_id, chunk_index: 1 }, new Uint8Array(11));
  assert.equal(overflow.code, 'invalid_params');
  assert.match(overflow.message, /declared 10 bytes/);
  for (let i = 1; i < 8; i += 1) await client.call('data.upload.begin', { name: `p${i}`, total_bytes: 10, n_chunks: 1 });
  assert.equal((await client.error('data.upload.begin', { name: 'ninth', total_bytes: 10, n_chunks: 1 })).code, 'too_many');
  await done(client);
});

test('a 100 MB table arrives intact through a chunked upload', async () => {
  const client = await attachedClient();
  const rows = 1_600_000;
  const columns: Record<string, Float64Array> = {};
  for (let c = 0; c < 8; c += 1) columns[`v${c}`] = Float64Array.from({ length: rows }, (_, i) => i * (c + 1) + 0.5);
  const bytes = tableToIPC(new Table(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, makeVector(values)]))), 'stream');
  assert.ok(bytes.length > 100_000_000);
  const chunkSize = 8 * 1024 * 1024;
  const nChunks = Math.ceil(bytes.length / chunkSize);
  const { upload_id } = await client.call('data.upload.begin', { name: 'big', total_bytes: bytes.length, n_chunks: nChunks });
  for (let index = nChunks; index >= 1; index -= 1) {
    await client.call('data.upload.chunk', { upload_id, chunk_index: index }, bytes.subarray((index - 1) * chunkSize, index * chunkSize));
  }
  const handle = await client.call('data.upload.end', { upload_id });
  assert.deepEqual([handle.rows, handle.cols], [rows, 8]);
  const described = await client.call('data.describe', { data_handle: handle.data_handle });
  assert.equal(described.columns[7].summary.max, (rows - 1) * 8 + 0.5);
  assert.equal(tableFromIPC(bytes).numRows, rows);
  await done(client);
});
