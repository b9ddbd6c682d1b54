import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, test } from 'node:test';
import { encodeFrame } from '../../src/protocol/frame.js';
import { startServer, TEST_TOKEN, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const auth = (id: string, token = TEST_TOKEN) => encodeFrame({ v: 1, id, method: 'auth', params: { token } });
const ping = (id: string) => encodeFrame({ v: 1, id, method: 'ping' });

test('§11.7/93–94 several frames in one message each get a response, in order', async () => {
  const client = await WireClient.connect(running.url);
  const responses = client.waitFor((frame) => frame.header.id === 'p2');
  client.sendRaw(Buffer.concat([auth('r1'), ping('p1'), ping('p2')]));
  await responses;
  const ids = client.frames.filter((frame) => 'ok' in frame.header).map((frame) => frame.header.id);
  assert.deepEqual(ids, ['r1', 'p1', 'p2']);
  assert.ok(client.frames.every((frame) => frame.header.ok !== false));
  await client.close();
});

test('§11.7/95 a partial frame waits for the rest of its bytes', async () => {
  const client = await WireClient.connect(running.url);
  const second = ping('later');
  client.sendRaw(Buffer.concat([auth('r1'), second.subarray(0, 5)]));
  await client.waitFor((frame) => frame.header.id === 'r1');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(client.frames.some((frame) => frame.header.id === 'later'), false);
  client.sendRaw(second.subarray(5));
  assert.equal((await client.waitFor((frame) => frame.header.id === 'later')).header.ok, true);
  await client.close();
});

test('a frame split over many tiny messages is reassembled', async () => {
  const client = await WireClient.connect(running.url);
  const bytes = auth('slow');
  for (let i = 0; i < bytes.length; i += 3) client.sendRaw(bytes.subarray(i, i + 3));
  assert.equal((await client.waitFor((frame) => frame.header.id === 'slow')).header.ok, true);
  await client.close();
});

test('§11.7/96 three buffered wrong auths: three responses, then the socket closes', async () => {
  const client = await WireClient.connect(running.url);
  client.sendRaw(Buffer.concat([auth('a', 'x'), auth('b', 'y'), auth('c', 'z'), ping('never')]));
  const closed = await client.closed;
  assert.equal(closed.code, 1008);
  assert.deepEqual(client.frames.filter((frame) => 'ok' in frame.header).map((frame) => frame.header.id), ['a', 'b', 'c']);
});

test('§1.6 a malformed frame discards the buffer, answers id null, and keeps the connection', async () => {
  const client = await WireClient.authed(running.url, running.token);
  client.sendRaw(Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), ping('lost')]));
  const error = await client.waitFor((frame) => frame.header.ok === false);
  assert.equal(error.header.id, null);
  assert.equal(error.header.error.code, 'malformed_frame');
  assert.match(error.header.error.message, /^Malformed frame: header_len -1 out of range \(limit 1048576\)\. First \d+ bytes: ff ff ff ff/);
  assert.ok((await client.call('ping')).ts);
  assert.equal(client.frames.some((frame) => frame.header.id === 'lost'), false);
  await client.close();
});

test('§7.7/§11.7/99 heartbeats go to every session, once per session per interval', async () => {
  const hb = await startServer({ heartbeatInterval: 0.2, tickMs: 10 });
  try {
    const a = await WireClient.authed(hb.url, hb.token);
    const b = await WireClient.authed(hb.url, hb.token);
    await a.call('session.create', { name: 'one' });
    await b.call('session.create', { name: 'two' });
    const [first] = await Promise.all([a.waitForEvent('heartbeat'), b.waitForEvent('heartbeat')]);
    assert.deepEqual(Object.keys(first), ['ts', 'daemon_count', 'jobs_running']);
    assert.equal(first.daemon_count, availableParallelism());
    assert.equal(first.jobs_running, 0);
    await Promise.all([a.close(), b.close()]);
  } finally {
    await hb.stop();
  }
});

test('no heartbeat when the interval is 0 (the default)', async () => {
  const client = await WireClient.authed(running.url, running.token);
  await client.call('session.create', { name: 'silent' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(client.events('heartbeat'), []);
  await client.call('session.delete');
  await client.close();
});

test('§11.7/100 + §5.6 GC drops idle data handles and idle detached sessions, keeps attached ones', async () => {
  const gc = await startServer({ gcInterval: 0.2, dataTtl: 0.3, sessionTtl: 0.3, tickMs: 20 });
  try {
    const keeper = await WireClient.authed(gc.url, gc.token);
    const leaver = await WireClient.authed(gc.url, gc.token);
    await keeper.call('session.create', { name: 'kept' });
    await leaver.call('session.create', { name: 'left' });
    const { smallTableIpc } = await import('../support/arrow-fixtures.js');
    const handle = await keeper.call('data.upload', { name: 't' }, smallTableIpc());
    const pending = await keeper.call('data.upload.begin', { name: 'p', total_bytes: 10, n_chunks: 1 });
    await leaver.close();
    await new Promise((resolve) => setTimeout(resolve, 900));
    const names = (await keeper.call('session.list')).sessions.map((s: { name: string }) => s.name);
    assert.deepEqual(names, ['kept']);
    assert.equal((await keeper.error('data.describe', { data_handle: handle.data_handle })).code, 'not_found');
    assert.equal((await keeper.error('data.upload.end', { upload_id: pending.upload_id })).code, 'not_found');
    await keeper.close();
  } finally {
    await gc.stop();
  }
});

test('§4.5 a full buffer drops the oldest events and reports the count on join', async () => {
  const busy = await startServer({ heartbeatInterval: 0.01, tickMs: 1 });
  try {
    const a = await WireClient.authed(busy.url, busy.token);
    const { session_id } = await a.call('session.create', { name: 'flood' });
    await a.call('session.detach');
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const before = a.frames.length;
    const joined = await a.call('session.join', { session_id });
    const responseIndex = a.frames.findIndex((frame, index) => index >= before && 'ok' in frame.header);
    const replayed = a.frames.slice(before, responseIndex);
    assert.equal(replayed.filter((frame) => frame.header.event === 'heartbeat').length, 256);
    const dropped = replayed.at(-1)!.header;
    assert.equal(dropped.event, 'session.events_dropped');
    assert.ok(dropped.data.events_dropped > 0);
    assert.equal(joined.name, 'flood');
    await a.close();
  } finally {
    await busy.stop();
  }
});
