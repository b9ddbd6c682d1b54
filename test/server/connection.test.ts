import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { Connection } from '../../src/server/connection.js';

/** A real WebSocket pair over loopback; the server side's TCP stream counts its writes to the kernel. */
async function socketPair() {
  const sockets = new WebSocketServer({ noServer: true });
  const server = createServer();
  const accepted = new Promise<{ socket: WebSocket; stream: Socket }>((resolve) => {
    server.on('upgrade', (request, stream: Socket, head) => sockets.handleUpgrade(request, stream, head, (socket) => resolve({ socket, stream })));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const received: string[] = [];
  client.on('message', (data: Buffer) => received.push(data.toString()));
  await once(client, 'open');
  const { socket, stream } = await accepted;
  const writes = { count: 0 };
  for (const method of ['_write', '_writev'] as const) {
    const original = stream[method]!.bind(stream) as (...args: unknown[]) => void;
    (stream as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      writes.count += 1;
      original(...args);
    };
  }
  const close = async () => {
    client.terminate();
    server.close();
    sockets.close();
  };
  return { socket, stream, client, received, writes, close };
}

test('frames sent within one tick leave in one write, in order; the next tick writes again', async (t) => {
  const pair = await socketPair();
  t.after(() => pair.close());
  const connection = new Connection(pair.socket, pair.stream);
  for (let i = 0; i < 20; i++) assert.equal(connection.send(Buffer.from(`event ${i}`)), true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(pair.writes.count, 1, 'one write for the burst');
  connection.send(Buffer.from('later'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(pair.writes.count, 2);
  while (pair.received.length < 21) await once(pair.client, 'message');
  assert.deepEqual(pair.received, [...Array.from({ length: 20 }, (_, i) => `event ${i}`), 'later']);
});

test('a closed connection refuses to send', async (t) => {
  const pair = await socketPair();
  t.after(() => pair.close());
  const connection = new Connection(pair.socket, pair.stream);
  connection.close();
  await once(pair.socket, 'close');
  assert.equal(connection.send(Buffer.from('too late')), false);
});
