import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { encodeFrame } from '../../src/protocol/frame.js';
import { METHOD_TABLE } from '../../src/server/method-table.js';
import { smallTableIpc } from '../support/arrow-fixtures.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer({ maxSessions: 64 })));
after(() => running.stop());

/** mulberry32: a fixed seed makes a failing run reproducible. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const methods = [...METHOD_TABLE.keys(), 'bogus', '', 'job.result', 'train'];

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 6 : 8));
  switch (pick) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return Math.floor(random() * 2 ** 33) - 2 ** 32;
    case 3: return random() * 1e6 - 5e5;
    case 4: return ['', 'x', 'iris', 'data-0000000000000000', 'upload-zz', '\u0000', 'é'.repeat(70), 'a b'][Math.floor(random() * 8)];
    case 5: return Math.floor(random() * 20);
    case 6: return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    default: {
      const keys = ['name', 'token', 'upload_id', 'chunk_index', 'total_bytes', 'n_chunks', 'data_handle', 'session_id', 'job_id', 'slice', 'params'];
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [keys[Math.floor(random() * keys.length)]!, randomValue(random, depth + 1)]));
    }
  }
}

function randomFrame(random: () => number, token: string): Uint8Array {
  const kind = random();
  if (kind < 0.15) return Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
  const method = methods[Math.floor(random() * methods.length)]!;
  const params = method === 'auth' && random() < 0.5 ? { token } : randomValue(random);
  const header: Record<string, unknown> = { id: Math.floor(random() * 1000), method, params };
  if (random() < 0.1) header.payload = randomValue(random);
  const payload = random() < 0.2 ? (random() < 0.5 ? smallTableIpc() : Uint8Array.from({ length: 50 }, () => Math.floor(random() * 256))) : undefined;
  let frame: Uint8Array;
  try {
    frame = encodeFrame(header, payload);
  } catch {
    return new Uint8Array([0, 0, 0, 1, 0x7b]);
  }
  if (kind < 0.35) return frame.subarray(0, Math.floor(random() * frame.length));
  if (kind < 0.45) {
    const corrupted = Uint8Array.from(frame);
    for (let i = 0; i < 3; i += 1) corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
    return corrupted;
  }
  return frame;
}

async function quiet(client: WireClient): Promise<void> {
  for (let seen = -1; seen !== client.frames.length; ) {
    seen = client.frames.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('thousands of random, truncated and corrupted frames never take the server down', async () => {
  const random = seeded(20261121);
  let sent = 0;
  for (let round = 0; round < 20; round += 1) {
    const client = await WireClient.connect(running.url);
    for (let i = 0; i < 150; i += 1) {
      if (!client.socket.readyState || client.socket.readyState !== client.socket.OPEN) break;
      const burst = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomFrame(random, running.token));
      client.sendRaw(Buffer.concat(burst));
      sent += burst.length;
    }
    // Let the server work through what it can (a truncated frame may legitimately wait forever for its bytes).
    await quiet(client);
    await client.close();
  }
  assert.ok(sent > 3000, `sent ${sent} frames`);

  const fresh = await WireClient.authed(running.url, running.token);
  assert.match((await fresh.call('ping')).ts, /Z$/);
  assert.equal(running.server.status().state, 'running');
  await fresh.close();
});
