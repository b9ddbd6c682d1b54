import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, test } from 'node:test';
import { encodeFrame } from '../../src/protocol/frame.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer()));
after(() => running.stop());

const connect = () => WireClient.connect(running.url);
const authed = () => WireClient.authed(running.url, running.token);

test('§11.3/18–19 a header without a method is malformed_frame with the id echoed', async () => {
  const client = await connect();
  const frame = client.waitFor((f) => f.header.id === 'r');
  client.sendRaw(encodeFrame({ v: 1, id: 'r' }));
  const { header } = await frame;
  assert.deepEqual(header.error, { code: 'malformed_frame', message: 'Missing or invalid `method` field.' });
  const numeric = client.waitFor((f) => f.header.id === 'n');
  client.sendRaw(encodeFrame({ id: 'n', method: 42 }));
  assert.equal((await numeric).header.error.code, 'malformed_frame');
  await client.close();
});

test('§11.3/20 + B.12 unknown methods are reported before authentication', async () => {
  const client = await connect();
  assert.deepEqual(await client.error('bogus.method'), { code: 'unknown_method', message: 'Unknown method: bogus.method' });
  assert.equal((await client.error('__proto__')).code, 'unknown_method');
  assert.equal((await client.error('constructor')).code, 'unknown_method');
  await client.close();
});

test('§11.3/21 an unauthenticated request is refused with its id echoed', async () => {
  const client = await connect();
  const response = client.waitFor((f) => f.header.id === 'req-echo-err-456');
  client.sendRaw(encodeFrame({ v: 1, id: 'req-echo-err-456', method: 'ping' }));
  assert.deepEqual((await response).header.error, { code: 'unauthorized', message: 'Authenticate first.' });
  await client.close();
});

test('ids are echoed verbatim whatever their JSON type; a missing id is null', async () => {
  const client = await authed();
  for (const id of [17, { a: [1] }, 'x y']) {
    const response = client.waitFor((f) => JSON.stringify(f.header.id) === JSON.stringify(id) && 'ok' in f.header);
    client.sendRaw(encodeFrame({ v: 1, id, method: 'ping' }));
    assert.equal((await response).header.ok, true);
  }
  const anonymous = client.waitFor((f) => f.header.id === null && f.header.ok === true);
  client.sendRaw(encodeFrame({ method: 'ping' }));
  assert.ok((await anonymous).header.result.ts);
  await client.close();
});

test('§11.3/22–23 auth succeeds with the token and fails with anything else', async () => {
  const client = await connect();
  assert.deepEqual(await client.error('auth', { token: 'wrong' }), { code: 'unauthorized', message: 'Invalid token.' });
  for (const token of [12345, ['a', 'b'], null, undefined]) {
    const probe = await connect();
    assert.equal((await probe.error('auth', token === undefined ? {} : { token })).code, 'unauthorized');
    await probe.close();
  }
  const client2 = await connect();
  const result = await client2.call('auth', { token: running.token });
  assert.match(result.connection_id, /^conn-[0-9a-f]{16}$/);
  assert.ok((await client2.call('ping')).ts);
  await Promise.all([client.close(), client2.close()]);
});

test('§11.3/24 + B.1 the third failed auth closes the socket after its response', async () => {
  const client = await connect();
  await client.error('auth', { token: 'bad1' });
  await client.error('auth', { token: 'bad2' });
  const third = await client.error('auth', { token: 'bad3' });
  assert.equal(third.code, 'unauthorized');
  const closed = await client.closed;
  assert.equal(closed.code, 1008);
});

test('B.25 a failed auth does not revoke an authenticated connection; a success resets the strikes', async () => {
  const client = await authed();
  await client.error('auth', { token: 'bad' });
  await client.error('auth', { token: 'bad' });
  assert.ok((await client.call('ping')).ts);
  await client.call('auth', { token: running.token });
  await client.error('auth', { token: 'bad' });
  await client.error('auth', { token: 'bad' });
  assert.ok((await client.call('ping')).ts, 'still open after two strikes following a success');
  await client.close();
});

test('§11.3/25–26 ping and info', async () => {
  const client = await authed();
  const response = client.waitFor((f) => f.header.id === 'req-echo-test-123');
  client.sendRaw(encodeFrame({ v: 1, id: 'req-echo-test-123', method: 'ping' }));
  assert.match((await response).header.result.ts, /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/);
  const info = await client.call('info');
  assert.equal(info.server, 'rtemislive');
  assert.equal(typeof info.r_version, 'string');
  assert.equal(typeof info.uptime_seconds, 'number');
  assert.equal(typeof info.n_sessions, 'number');
  // The pool's size: one worker per core unless configured.
  assert.equal(info.daemons, availableParallelism());
  assert.equal(info.max_concurrent, availableParallelism());
  assert.equal(info.n_jobs_running, 0);
  await client.close();
});

test('B.6 params must be an object; an array counts as {}', async () => {
  const client = await authed();
  assert.deepEqual(await client.error('session.create', 'iris'), { code: 'invalid_params', message: '`params` must be a JSON object.' });
  assert.equal((await client.error('session.join', 5)).code, 'invalid_params');
  const created = await client.call('session.create', []);
  assert.match(created.name, /^untitled-\d+$/);
  await client.call('session.delete');
  await client.close();
});

test('v is not validated on requests (B.13)', async () => {
  const client = await authed();
  const response = client.waitFor((f) => f.header.id === 'vv');
  client.sendRaw(encodeFrame({ v: 99, id: 'vv', method: 'ping' }));
  assert.equal((await response).header.ok, true);
  await client.close();
});

test('a request id nested too deeply to echo still gets an internal_error answer', async () => {
  const client = await authed();
  const depth = 20_000;
  const body = Buffer.from(`{"method":"ping","id":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(body.length, 0);
  const answer = client.waitFor((frame) => frame.header.ok === false);
  client.sendRaw(Buffer.concat([prefix, body]));
  const { header } = await answer;
  assert.equal(header.id, null);
  assert.equal(header.error.code, 'internal_error');
  assert.ok((await client.call('ping')).ts, 'the connection keeps working');
  await client.close();
});
