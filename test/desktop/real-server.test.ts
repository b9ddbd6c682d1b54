/**
 * The desktop's main-process logic over the real server core (src/server) and real worker
 * processes: only Electron is absent (fork stands in for utilityProcess, a function for
 * dialog.showOpenDialog).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppLogger } from '../../electron/app-logger.js';
import { createDirectoryChooser } from '../../electron/directory-chooser.js';
import { findFreePort } from '../../electron/free-port.js';
import { createQuitSequence } from '../../electron/quit-sequence.js';
import { allowedOrigins, createServerFactory } from '../../electron/server-factory.js';
import { ServerLifecycle, type ServerLaunchConfig } from '../../electron/server-lifecycle.js';
import { WorkerTracker } from '../../electron/worker-tracker.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import type { DirectoryChooser } from '../../src/server/services.js';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { WireClient } from '../support/wire-client.js';
import { isAlive } from '../support/processes.js';

const schedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

async function desktopServer(overrides: Partial<ServerLaunchConfig> = {}, chooseDirectory: DirectoryChooser = async () => null) {
  const port = (await findFreePort(26_000 + Math.floor(Math.random() * 4000)))!;
  const lines: string[] = [];
  const logger = new AppLogger({ write: (line) => lines.push(line) }, 'debug');
  const workers = new WorkerTracker(forkSpawner);
  const lifecycle = new ServerLifecycle(
    { port, token: null, extraOrigins: [], workers: 1, maxConcurrent: null, sessionTtl: 86400, dataTtl: 3600, maxStateBytes: null, ...overrides },
    {
      factory: createServerFactory({ spawnWorker: workers.spawn, chooseDirectory, logger }),
      findFreePort: (from) => findFreePort(from),
      schedule,
      now: () => Date.now(),
      log: (level, message) => logger.log(level, message),
    },
  );
  lifecycle.onChange((snapshot) => snapshot.token && logger.addSecret(snapshot.token));
  await lifecycle.start();
  const url = () => lifecycle.snapshot().status!.url;
  return { lifecycle, workers, logger, lines, url };
}

describe('desktop main-process logic on the real server', { timeout: 60_000 }, () => {
  it('extra origins are added to the defaults and enforced', async () => {
    const { lifecycle, url } = await desktopServer({ extraOrigins: ['http://localhost:5173'] });
    try {
      assert.deepEqual(lifecycle.snapshot().status!.origins, allowedOrigins(['http://localhost:5173']));
      const client = await WireClient.connect(url(), 'http://localhost:5173');
      await client.close();
      const stranger = await WireClient.connect(url(), 'http://localhost:9999').catch((error: Error) => error);
      assert.ok(stranger instanceof Error, 'an origin that is not allowed gets no ready event');
    } finally {
      await lifecycle.stop();
    }
  });

  it('regenerating the token drops sessions and only the new token authenticates', async () => {
    const { lifecycle, url } = await desktopServer();
    try {
      const oldToken = lifecycle.snapshot().token!;
      const client = await WireClient.authed(url(), oldToken);
      await client.call('session.create', { name: 'before' });
      const closed = client.closed;
      await lifecycle.reconfigure({ token: null });
      await closed;
      const newToken = lifecycle.snapshot().token!;
      assert.notEqual(newToken, oldToken);
      assert.match(newToken, /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
      const stale = await WireClient.connect(url());
      assert.equal((await stale.error('auth', { token: oldToken })).code, 'unauthorized');
      await stale.close();
      const fresh = await WireClient.authed(url(), newToken);
      assert.deepEqual((await fresh.call('session.list')).sessions, []);
      await fresh.close();
    } finally {
      await lifecycle.stop();
    }
  });

  it('a port change moves the server and keeps the token', async () => {
    const { lifecycle, url } = await desktopServer();
    try {
      const token = lifecycle.snapshot().token!;
      const newPort = (await findFreePort(lifecycle.snapshot().config.port + 1))!;
      await lifecycle.reconfigure({ port: newPort });
      assert.equal(lifecycle.snapshot().status!.port, newPort);
      assert.equal(url(), `ws://127.0.0.1:${newPort}/`);
      const client = await WireClient.authed(url(), token);
      await client.close();
    } finally {
      await lifecycle.stop();
    }
  });

  it('the token never appears in what the server core logs through the desktop logger', async () => {
    const { lifecycle, url, lines } = await desktopServer();
    try {
      const token = lifecycle.snapshot().token!;
      const client = await WireClient.authed(url(), token);
      await client.error('auth', { token: `${token}x` });
      await client.close();
    } finally {
      await lifecycle.stop();
    }
    assert.ok(lines.length > 0);
    const token = lifecycle.snapshot().token!;
    assert.equal(lines.some((line) => line.includes(token)), false);
  });

  it('dialog.choose_dir goes through the folder dialog without blocking other requests', async () => {
    let answer: (value: { canceled: boolean; filePaths: string[] }) => void = () => {};
    const prompts: Array<string | undefined> = [];
    const chooser = createDirectoryChooser((options) => {
      prompts.push(options.title);
      return new Promise((resolve) => (answer = resolve));
    });
    const { lifecycle, url } = await desktopServer({}, chooser);
    try {
      const token = lifecycle.snapshot().token!;
      const asking = await WireClient.authed(url(), token);
      const other = await WireClient.authed(url(), token);
      const pending = asking.request('dialog.choose_dir', { prompt: 'Save model to' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(prompts, ['Save model to']);
      const pong = await other.call('ping');
      assert.match(pong.ts, /Z$/, 'the server answers others while the dialog is open');
      answer({ canceled: false, filePaths: ['/home/user/models'] });
      assert.deepEqual((await pending).header.result, { path: '/home/user/models', cancelled: false });
      await asking.close();
      await other.close();
    } finally {
      await lifecycle.stop();
    }
  });

  it('quitting during a running job stops the server and leaves no worker process behind', async () => {
    const { lifecycle, url, workers } = await desktopServer();
    const client = await WireClient.authed(url(), lifecycle.snapshot().token!);
    await client.call('session.create', { name: 'quit' });
    const handle = await client.call('data.upload', { name: 'wine' }, datasetIpc('wine'));
    await client.call('train', {
      data_handle: handle.data_handle,
      algorithm: 'Ranger',
      hyperparameters: { num_trees: 1500 },
      outer_resampling_config: { type: 'KFold', n_resamples: 10 },
    });
    await client.waitForEvent('job.progress');
    const pids = workers.pids();
    assert.ok(pids.length >= 1, 'a worker process is running the job');
    const quit = createQuitSequence(
      { stopServer: () => lifecycle.stop(), killWorkers: () => workers.killAll(), releaseResources: () => {}, schedule },
      8000,
    );
    assert.equal(await quit(), 'clean', 'the server stopped within the deadline on its own');
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const pid of pids) assert.equal(isAlive(pid), false, `worker ${pid} outlived the quit`);
    assert.equal(lifecycle.snapshot().phase, 'stopped');
  });
});
