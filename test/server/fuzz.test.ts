import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { randomFrame, seeded } from '../support/random-frames.js';
import { startServer, type RunningServer } from '../support/test-server.js';
import { WireClient } from '../support/wire-client.js';

let running: RunningServer;
before(async () => (running = await startServer({ maxSessions: 64 })));
after(() => running.stop());

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
