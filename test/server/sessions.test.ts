import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
const clients: WireClient[] = [];
before(async () => (running = await startServer({ maxSessions: 4 })));
after(() => running.stop());
afterEach(async () => {
  // Leave no session behind for the next test.
  const cleaner = await authed();
  for (const { name } of (await cleaner.call('session.list')).sessions) {
    await cleaner.call('session.join', { name });
    await cleaner.call('session.delete');
  }
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function authed(): Promise<WireClient> {
  const client = await WireClient.authed(running.url, running.token);
  clients.push(client);
  return client;
}

test('§11.3/33–34 create attaches the caller and shows up in the list', async () => {
  const a = await authed();
  const b = await authed();
  assert.deepEqual((await a.call('session.list')).sessions, []);
  const created = await b.call('session.create', { name: 'iris' });
  assert.match(created.session_id, /^sess-[0-9a-f]{16}$/);
  assert.equal(created.name, 'iris');
  assert.equal(created.n_connections, 1);
  assert.deepEqual(created.jobs, []);
  assert.deepEqual(created.data, []);
  assert.match(created.created, /^[0-9]{4}-[0-9]{2}-[0-9]{2}T/);
  const listed = (await a.call('session.list')).sessions;
  assert.equal(listed.length, 1);
  assert.deepEqual(Object.keys(listed[0]), ['session_id', 'name', 'created', 'last_seen', 'n_connections', 'n_jobs', 'jobs_running']);
  assert.equal(listed[0].n_connections, 1);
  assert.equal(listed[0].n_jobs, 0);
  assert.deepEqual((await b.call('session.info')).session_id, created.session_id);
});

test('§11.3/35–37 duplicate names, invalid names, and creating while attached', async () => {
  const a = await authed();
  const b = await authed();
  await a.call('session.create', { name: 'x' });
  const duplicate = await b.error('session.create', { name: 'x' });
  assert.equal(duplicate.code, 'session_exists');
  assert.equal(duplicate.message, "A session named 'x' already exists.\nUse `session.join` to attach to it instead.");
  assert.equal((await b.error('session.create', { name: 'bad name' })).code, 'invalid_name');
  assert.deepEqual(await a.error('session.create', { name: 'b' }), { code: 'invalid_params', message: 'Already attached to a session; detach first.' });
});

test('§11.4/46 name validation messages', async () => {
  const a = await authed();
  const cases: [unknown, string][] = [
    ['', 'Session name must be 1-64 characters.'],
    ['x'.repeat(65), 'Session name must be 1-64 characters.'],
    ['has spaces', 'Session name may contain only letters, digits, `.`, `_`, and `-`.'],
    ['has/slash', 'Session name may contain only letters, digits, `.`, `_`, and `-`.'],
    [5, 'Session name must be a single non-NA character string.'],
    [['a', 'b'], 'Session name must be a single non-NA character string.'],
  ];
  for (const [name, message] of cases) assert.deepEqual(await a.error('session.create', { name }), { code: 'invalid_name', message });
  for (const name of ['iris-grid', 'a', 'x'.repeat(64), 'Foo_bar.baz-1']) {
    assert.equal((await a.call('session.create', { name })).name, name);
    await a.call('session.delete');
  }
});

test('§11.4/48–49 untitled names reuse freed numbers; max_sessions is enforced first', async () => {
  const [a, b, c, d] = await Promise.all([authed(), authed(), authed(), authed()]);
  assert.equal((await a.call('session.create')).name, 'untitled-1');
  assert.equal((await b.call('session.create', { name: null })).name, 'untitled-2');
  assert.equal((await c.call('session.create')).name, 'untitled-3');
  await a.call('session.delete');
  assert.equal((await a.call('session.create')).name, 'untitled-1');
  await d.call('session.create', { name: 'fourth' });
  const e = await authed();
  assert.deepEqual(await e.error('session.create', { name: 'bad name' }), { code: 'too_many', message: 'Maximum number of sessions (4) reached.' });
});

test('§11.3/38–41 join by name and by id, detach keeps the session', async () => {
  const [a, b, c] = await Promise.all([authed(), authed(), authed()]);
  const { session_id } = await a.call('session.create', { name: 'iris' });
  assert.equal((await b.call('session.join', { name: 'iris' })).session_id, session_id);
  assert.deepEqual(await c.error('session.join', { name: 'nope' }), { code: 'session_not_found', message: 'Session not found.' });
  assert.equal((await c.error('session.join', { session_id: 42 })).code, 'session_not_found');
  assert.equal((await c.error('session.join', {})).code, 'session_not_found');
  assert.equal((await c.call('session.join', { session_id: 'sess-0000000000000000', name: 'iris' })).session_id, session_id, 'falls back to the name');
  await c.call('session.detach');
  const joined = await c.call('session.join', { session_id });
  assert.equal(joined.n_connections, 3);
  assert.equal((await c.error('session.join', { session_id })).code, 'invalid_params', 'already attached');
  assert.deepEqual(await c.call('session.detach'), { detached: true });
  assert.equal((await a.call('session.info')).n_connections, 2);
  assert.equal((await c.call('session.list')).sessions.length, 1);
});

test('§11.3/42–44 rename, delete and the not_attached gate', async () => {
  const [a, b] = await Promise.all([authed(), authed()]);
  for (const method of ['session.info', 'session.detach', 'session.delete', 'session.rename']) {
    assert.deepEqual(await a.error(method, { name: 'z' }), {
      code: 'not_attached',
      message: 'Attach to a session first (session.create / session.join).',
    });
  }
  await a.call('session.create', { name: 'iris' });
  await b.call('session.create', { name: 'other' });
  assert.deepEqual(await a.error('session.rename'), { code: 'invalid_params', message: '`name` is required.' });
  assert.equal((await a.error('session.rename', { name: 'other' })).code, 'session_exists');
  assert.equal((await a.error('session.rename', { name: 'no good' })).code, 'invalid_name');
  const renamed = await a.call('session.rename', { name: 'iris-renamed' });
  assert.equal(renamed.name, 'iris-renamed');
  const deleted = await a.call('session.delete');
  assert.deepEqual(deleted, { deleted: true, session_id: renamed.session_id });
  assert.equal((await a.error('session.info')).code, 'not_attached');
  assert.deepEqual((await a.call('session.list')).sessions.map((s: { name: string }) => s.name), ['other']);
});

test('B.4 connections left attached to a deleted session behave as unattached', async () => {
  const [a, b] = await Promise.all([authed(), authed()]);
  await a.call('session.create', { name: 'shared' });
  await b.call('session.join', { name: 'shared' });
  await a.call('session.delete');
  for (const method of ['session.info', 'session.rename', 'data.list', 'data.upload.begin']) {
    assert.equal((await b.error(method, { name: 'x' })).code, 'not_attached', method);
  }
  assert.deepEqual(await b.call('session.detach'), { detached: true });
  assert.equal((await b.call('session.create', { name: 'fresh' })).name, 'fresh');
});

test('§4.5 events are buffered while nobody is attached and replayed on join', async () => {
  const [a, b] = await Promise.all([authed(), authed()]);
  const { session_id } = await a.call('session.create', { name: 'buffered' });
  const left = a.close();
  await left;
  // The close of the last connection is itself buffered (Appendix C).
  const joined = b.waitFor((frame) => frame.header.ok === true && frame.header.result?.session_id === session_id);
  const replayed = b.waitForEvent('session.connection_left');
  const frameCount = b.frames.length;
  await b.call('session.join', { session_id });
  const event = await replayed;
  assert.deepEqual(Object.keys(event), ['session_id', 'connection_id', 'n_connections']);
  assert.equal(event.n_connections, 0);
  const order = b.frames.slice(frameCount).map((frame) => frame.header.event ?? 'response');
  assert.deepEqual(order, ['session.connection_left', 'response']);
  assert.equal((await joined).header.result.n_connections, 1);
});

test('§7.8 a socket close tells the other attached connections', async () => {
  const [a, b] = await Promise.all([authed(), authed()]);
  await a.call('session.create', { name: 'pair' });
  const bJoin = await b.call('session.join', { name: 'pair' });
  const { connection_id } = await a.call('auth', { token: running.token });
  const told = b.waitForEvent('session.connection_left');
  await a.close();
  const event = await told;
  assert.deepEqual(event, { session_id: bJoin.session_id, connection_id, n_connections: 1 });
});

test('session.detach emits no event', async () => {
  const [a, b] = await Promise.all([authed(), authed()]);
  await a.call('session.create', { name: 'quiet' });
  await b.call('session.join', { name: 'quiet' });
  await a.call('session.detach');
  await b.call('ping');
  assert.deepEqual(b.events('session.connection_left'), []);
});
