/**
 * The desktop's saved work over the real server core and real worker processes (Electron
 * absent, as in real-server.test.ts): the crash supervisor's restart keeps sessions, data and
 * results; "Clear saved work" empties the state folder and restarts with the same token; the
 * status view shows where saved work lives and how much room it takes.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AppLogger } from '../../electron/app-logger.js';
import { DesktopController } from '../../electron/desktop-controller.js';
import { findFreePort } from '../../electron/free-port.js';
import { PowerSaveGate } from '../../electron/power-save-gate.js';
import { createServerFactory } from '../../electron/server-factory.js';
import { ServerLifecycle, type LifecycleSnapshot } from '../../electron/server-lifecycle.js';
import { DEFAULT_SETTINGS } from '../../electron/settings-schema.js';
import { SettingsStore } from '../../electron/settings-store.js';
import { TokenVault } from '../../electron/token-vault.js';
import { buildTrayMenu } from '../../electron/tray-menu-model.js';
import { WorkerTracker } from '../../electron/worker-tracker.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { WireClient } from '../support/wire-client.js';
import { completed } from '../jobs/job-helpers.js';
import { stateFolder } from '../state/state-helpers.js';
import { FakeShell, MemoryBackend } from './fakes.js';

const schedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

async function desktop(stateDir: string) {
  const port = (await findFreePort(30_000 + Math.floor(Math.random() * 4000)))!;
  const logger = new AppLogger({ write: () => {} }, 'debug');
  const workers = new WorkerTracker(forkSpawner);
  const settings = new SettingsStore(new MemoryBackend({ ...DEFAULT_SETTINGS, port }));
  const lifecycle = new ServerLifecycle(
    { port, token: null, extraOrigins: [], workers: 1, maxConcurrent: null, sessionTtl: 86400, dataTtl: 3600, maxStateBytes: null },
    {
      factory: createServerFactory({ spawnWorker: workers.spawn, chooseDirectory: async () => null, logger, stateDir }),
      findFreePort: (from) => findFreePort(from),
      schedule,
      now: () => Date.now(),
      backoff: { initialMs: 50, maxMs: 200, maxRestarts: 3, stableMs: 60_000 },
    },
  );
  const vault = new TokenVault({ available: async () => false, encrypt: async (plain) => Buffer.from(plain), decrypt: async (value) => value.toString() }, { read: () => null, write: () => {} });
  const shell = new FakeShell();
  const powerSave = new PowerSaveGate({ start: () => 1, stop: () => {} });
  const controller = new DesktopController({ lifecycle, settings, logger, vault, powerSave, shell, logDir: '/logs', stateDir });
  return { lifecycle, controller, shell };
}

/** Resolves with the first snapshot (current or future) that satisfies `match`. */
function phaseWhen(lifecycle: ServerLifecycle, match: (snapshot: LifecycleSnapshot) => boolean): Promise<LifecycleSnapshot> {
  return new Promise((resolve) => {
    if (match(lifecycle.snapshot())) return resolve(lifecycle.snapshot());
    const off = lifecycle.onChange((snapshot) => {
      if (!match(snapshot)) return;
      off();
      resolve(snapshot);
    });
  });
}

describe('desktop saved work', { timeout: 180_000 }, () => {
  it('a server crash and the supervisor\'s restart keep sessions, data and results', async () => {
    const dir = stateFolder('desktop-crash');
    const { lifecycle, controller } = await desktop(dir);
    await controller.start();
    try {
      const token = lifecycle.snapshot().token!;
      const url = lifecycle.snapshot().status!.url;
      const client = await WireClient.authed(url, token);
      const session = await client.call('session.create', { name: 'desktop' });
      const handle = await client.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      const { job_id: jobId } = await client.call('train', { data_handle: handle.data_handle, algorithm: 'CART' });
      await completed(client, jobId);
      const summary = await client.call('job.result', { job_id: jobId });
      const view = controller.view();
      assert.equal(view.storage.dir, dir);
      assert.ok(view.storage.bytes! > datasetIpc('iris').byteLength, `saved work takes ${view.storage.bytes} bytes`);
      assert.ok(view.storage.maxBytes! > view.storage.bytes!);

      const closed = client.closed;
      lifecycle.reportCrash(new Error('simulated uncaught exception'));
      await phaseWhen(lifecycle, (snapshot) => snapshot.phase === 'backoff');
      await closed;
      const restarted = await phaseWhen(lifecycle, (snapshot) => snapshot.phase === 'running');
      assert.equal(restarted.restarts, 1);
      assert.equal(restarted.token, token, 'the token survives the restart');

      const again = await WireClient.authed(restarted.status!.url, token);
      assert.deepEqual((await again.call('session.list')).sessions.map((s: any) => [s.session_id, s.name]), [[session.session_id, 'desktop']]);
      await again.call('session.join', { session_id: session.session_id });
      assert.deepEqual((await again.call('data.list')).handles, [handle]);
      assert.deepEqual(await again.call('job.result', { job_id: jobId }), summary);
      await again.close();
    } finally {
      await lifecycle.stop();
    }
  });

  it('"Clear saved work" asks first, then empties the state folder and restarts with the same token', async () => {
    const dir = stateFolder('desktop-clear');
    const { lifecycle, controller, shell } = await desktop(dir);
    await controller.start();
    try {
      assert.equal(buildTrayMenu(controller.trayState()).some((entry) => 'action' in entry && entry.action === 'clear-saved-work' && entry.enabled), true);
      const token = lifecycle.snapshot().token!;
      const client = await WireClient.authed(lifecycle.snapshot().status!.url, token);
      await client.call('session.create', { name: 'to-clear' });
      await client.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      await client.close();

      shell.confirmAnswer = false;
      assert.equal(await controller.ipcHandlers().clearSavedWork(), false);
      assert.equal(readdirSync(join(dir, 'sessions')).length, 1, 'declining keeps everything');

      shell.confirmAnswer = true;
      await controller.perform('clear-saved-work');
      assert.equal(shell.confirmations.length, 2);
      assert.equal(lifecycle.snapshot().phase, 'running');
      assert.equal(lifecycle.snapshot().token, token);
      const fresh = await WireClient.authed(lifecycle.snapshot().status!.url, token);
      assert.deepEqual((await fresh.call('session.list')).sessions, []);
      assert.deepEqual(readdirSync(join(dir, 'sessions')), []);
      await fresh.close();
    } finally {
      await lifecycle.stop();
    }
  });
});
