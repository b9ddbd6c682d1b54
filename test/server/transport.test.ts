import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { KIND_COLORS } from '../../src/engine/catalog/kind-colors.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer({ authTimeout: 1 })));
after(() => running.stop());

/** The HTTP status of a WebSocket upgrade attempt with the given headers. */
function upgradeStatus(headers: Record<string, string>, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: running.port,
      path,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    req.on('response', (response) => resolve(response.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
}

const host = () => `127.0.0.1:${running.port}`;

test('§1.2 / §11.1/4 allowed origins upgrade; others are refused with 403 before any frame', async () => {
  for (const origin of ['https://live.rtemis.org', 'http://localhost:3000', 'http://127.0.0.1:3000']) {
    assert.equal(await upgradeStatus({ Host: host(), Origin: origin }), 101, origin);
  }
  for (const origin of ['https://evil.example.com', 'file://', 'http://localhost:9999', 'https://live.rtemis.org/', 'HTTPS://live.rtemis.org', '']) {
    assert.equal(await upgradeStatus({ Host: host(), Origin: origin }), 403, origin);
  }
  assert.equal(await upgradeStatus({ Host: host() }), 403, 'missing Origin');
});

test('Host must be a loopback name with our port (DNS rebinding defence)', async () => {
  const origin = 'https://live.rtemis.org';
  for (const allowed of [`127.0.0.1:${running.port}`, `localhost:${running.port}`, `LOCALHOST:${running.port}`, `[::1]:${running.port}`]) {
    assert.equal(await upgradeStatus({ Host: allowed, Origin: origin }), 101, allowed);
  }
  for (const refused of ['evil.example.com', `evil.example.com:${running.port}`, `127.0.0.1:${running.port + 1}`, '127.0.0.1', `rebind.127.0.0.1.nip.io:${running.port}`]) {
    assert.equal(await upgradeStatus({ Host: refused, Origin: origin }), 403, refused);
  }
});

test('only the root path upgrades', async () => {
  assert.equal(await upgradeStatus({ Host: host(), Origin: 'https://live.rtemis.org' }, '/other'), 404);
});

test('ready is the first frame, with the kind colours and the engine', async () => {
  const client = await WireClient.connect(running.url);
  const ready = client.frames[0]!.header;
  assert.equal(ready.event, 'ready');
  assert.equal(ready.v, 1);
  assert.equal(ready.data.v, 1);
  assert.equal(ready.data.server, 'rtemislive');
  assert.ok('rtemis_version' in ready.data);
  assert.deepEqual(ready.data.kind_colors, KIND_COLORS);
  assert.equal(typeof ready.data.engine, 'string');
  assert.equal(typeof ready.data.engine_version, 'string');
  await client.close();
});

test('GET /health answers without secrets, with CORS for allowed origins only', async () => {
  const fetchHealth = (origin?: string) =>
    fetch(`http://127.0.0.1:${running.port}/health`, { headers: origin ? { Origin: origin } : {} });
  const plain = await fetchHealth();
  assert.equal(plain.status, 200);
  const body = (await plain.json()) as { server: string };
  assert.equal(body.server, 'rtemislive');
  assert.equal(JSON.stringify(body).includes(running.token), false);
  assert.equal(plain.headers.get('access-control-allow-origin'), null);
  const allowed = await fetchHealth('https://live.rtemis.org');
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://live.rtemis.org');
  const other = await fetchHealth('https://evil.example.com');
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  assert.equal((await fetch(`http://127.0.0.1:${running.port}/nope`)).status, 404);
});

test('a socket that does not authenticate in time is closed', async () => {
  const client = await WireClient.connect(running.url);
  const closed = await client.closed;
  assert.equal(closed.code, 4001);
});

test('text messages get malformed_frame and the connection keeps working', async () => {
  const client = await WireClient.authed(running.url, running.token);
  client.socket.send('{"method":"ping"}');
  const error = await client.waitFor((frame) => frame.header.ok === false);
  assert.equal(error.header.error.code, 'malformed_frame');
  assert.equal(error.header.id, null);
  assert.ok((await client.call('ping')).ts);
  await client.close();
});

test('the server refuses a second start and a busy port is reported by name', async () => {
  await assert.rejects(running.server.start(), /already been started/);
  const clash = await startServer({ port: running.port }).catch((error) => error);
  assert.equal(clash.code, 'EADDRINUSE');
  assert.match(clash.message, new RegExp(`Port ${running.port} .* already in use`));
});
