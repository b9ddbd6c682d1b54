/**
 * Transport benchmarks (issue: server core), measured side by side in one run on
 * loopback: ping round trips through our server vs a bare `ws` echo server, and a
 * single-frame upload of a ~100 MB Arrow table vs a raw `ws` transfer of the same bytes.
 * Both sides use the same `ws`, so with the optional `bufferutil` installed the bare server
 * masks with it too: the reference is the best this transport does.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { makeVector, Table, tableToIPC } from 'apache-arrow';
import { WebSocket, WebSocketServer } from 'ws';
import { encodeFrame } from '../../src/protocol/frame.js';
import { startServer, freePort } from '../support/test-server.js';
import { WireClient, TEST_ORIGIN } from '../support/wire-client.js';

const PING_SECONDS = 3;
const UPLOAD_REPEATS = 5;

/** Round trips per second of `roundTrip`, after a warm-up. */
async function rate(roundTrip: () => Promise<unknown>, seconds: number): Promise<number> {
  for (let i = 0; i < 2000; i += 1) await roundTrip();
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await roundTrip();
    count += 1;
  }
  return count / ((performance.now() - start) / 1000);
}

/** Median of each measurement over `trials` rounds, the measurements taking turns. */
async function alternating(trials: number, measures: (() => Promise<number>)[]): Promise<number[]> {
  const values = measures.map(() => [] as number[]);
  for (let i = 0; i < trials; i += 1) {
    for (const [index, measure] of measures.entries()) values[index]!.push(await measure());
  }
  return values.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
}

/** A bare ws server that answers every binary message with a fixed reply (or an echo). */
async function bareServer(reply: (data: Buffer) => Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 512 * 1024 * 1024, perMessageDeflate: false });
  server.on('connection', (socket) => socket.on('message', (data: Buffer) => socket.send(reply(data), { binary: true })));
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `ws://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A minimal client; `greeted` waits for the server's first message (our `ready` event). */
async function bareClient(url: string, greeted = false): Promise<{ roundTrip: (bytes: Uint8Array) => Promise<Buffer>; close: () => void }> {
  const socket = new WebSocket(url, { origin: TEST_ORIGIN, maxPayload: 512 * 1024 * 1024 });
  const greeting = new Promise((resolve) => socket.once('message', resolve));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  if (greeted) await greeting;
  return {
    roundTrip: (bytes) =>
      new Promise((resolve) => {
        socket.once('message', (data: Buffer) => resolve(data));
        socket.send(bytes, { binary: true });
      }),
    close: () => socket.close(),
  };
}

/** Whether `ws` masks with bufferutil here (it prefers Node's own masking when Node has it). */
function bufferutilState(): string {
  const require = createRequire(import.meta.url);
  if (typeof (require('node:http') as { websocketMask?: unknown }).websocketMask === 'function') return 'not needed (Node masks natively)';
  if (process.env.WS_NO_BUFFER_UTIL) return 'disabled (WS_NO_BUFFER_UTIL)';
  try {
    require('bufferutil');
    return 'loaded';
  } catch {
    return 'MISSING (npm install bufferutil)';
  }
}

function hundredMegabyteTable(): Uint8Array {
  const rows = 1_600_000;
  const columns = Object.fromEntries(
    Array.from({ length: 8 }, (_, c) => [`v${c}`, makeVector(Float64Array.from({ length: rows }, (_, i) => i * (c + 1) + 0.25))]),
  );
  return tableToIPC(new Table(columns), 'stream');
}

export async function runWireBench(): Promise<void> {
  const running = await startServer({ authTimeout: 3600 });
  const client = await WireClient.authed(running.url, running.token);
  await client.call('session.create', { name: 'bench' });

  // The same lean client drives both servers, so only the server side differs.
  const pingFrame = encodeFrame({ v: 1, id: 'p', method: 'ping' });
  const echo = await bareServer((data) => data);
  const bare = await bareClient(echo.url);
  const pinger = await bareClient(running.url, true);
  await pinger.roundTrip(encodeFrame({ v: 1, id: 'a', method: 'auth', params: { token: running.token } }));
  // Trials alternate between the two so background load affects both alike.
  const [ours, theirs] = await alternating(5, [
    () => rate(() => pinger.roundTrip(pingFrame), PING_SECONDS),
    () => rate(() => bare.roundTrip(pingFrame), PING_SECONDS),
  ]);
  pinger.close();
  bare.close();
  await echo.close();

  const table = hundredMegabyteTable();
  const megabytes = table.length / 1e6;
  const uploadFrame = encodeFrame({ v: 1, id: 'u', method: 'data.upload', params: { name: 'big' } }, table);
  const ack = encodeFrame({ v: 1, id: 'u', ok: true, result: { received: true } });
  const sink = await bareServer(() => Buffer.from(ack));
  const raw = await bareClient(sink.url);
  const timeUpload = async (send: () => Promise<unknown>) => {
    const start = performance.now();
    await send();
    return megabytes / ((performance.now() - start) / 1000);
  };
  const uploader = await bareClient(running.url, true);
  await uploader.roundTrip(encodeFrame({ v: 1, id: 'a', method: 'auth', params: { token: running.token } }));
  await uploader.roundTrip(encodeFrame({ v: 1, id: 's', method: 'session.create', params: { name: 'upload-bench' } }));
  const [ourUpload, rawUpload] = await alternating(UPLOAD_REPEATS, [
    async () => {
      let reply: Buffer = Buffer.alloc(0);
      const rateMBs = await timeUpload(async () => (reply = await uploader.roundTrip(uploadFrame)));
      const header = JSON.parse(reply.subarray(4, 4 + reply.readUInt32BE(0)).toString('utf8'));
      if (!header.ok) throw new Error(`upload failed: ${JSON.stringify(header.error)}`);
      await uploader.roundTrip(encodeFrame({ v: 1, id: 'd', method: 'data.delete', params: { data_handle: header.result.data_handle } }));
      return rateMBs;
    },
    () => timeUpload(() => raw.roundTrip(uploadFrame)),
  ]);
  uploader.close();
  raw.close();
  await sink.close();
  await client.close();
  await running.stop();

  console.log(`\n## Transport (loopback, median of trials; bufferutil ${bufferutilState()} on both sides)`);
  console.log(`ping round trips/s   ours ${ours.toFixed(0).padStart(8)}   bare ws echo ${theirs.toFixed(0).padStart(8)}   ratio ${(ours / theirs).toFixed(2)} (goal ≥ 0.80)`);
  console.log(
    `upload ${megabytes.toFixed(0)} MB, MB/s   ours ${ourUpload.toFixed(0).padStart(8)}   raw ws       ${rawUpload.toFixed(0).padStart(8)}   ratio ${(ourUpload / rawUpload).toFixed(2)} (goal ≥ 0.50)`,
  );
}
