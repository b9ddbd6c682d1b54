/**
 * The real Electron main process (dist/electron/main.js) run under Node with Electron faked
 * at its API surface (fixtures/fake-electron.ts): checks the wiring that the Electron-free
 * modules cannot — startup order, hardened window, protocol, IPC registration, tray, quit.
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../electron/free-port.js';
import { INVOKE, STATUS_PUSH_CHANNEL, type StatusView } from '../../electron/ipc-contract.js';
import { DEFAULT_SETTINGS } from '../../electron/settings-schema.js';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { WireClient } from '../support/wire-client.js';
import { isAlive } from '../support/processes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '../../..');
const MAIN = path.join(REPO_ROOT, 'dist', 'electron', 'main.js');
const REGISTER = path.join(here, 'fixtures', 'register-fake-electron.js');
const PAGE_URL = 'rtemislive://app/index.html';

type Message = { type: string; [key: string]: any };

class FakeElectronApp {
  readonly messages: Message[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<{ match: (message: Message) => boolean; resolve: (message: Message) => void }> = [];
  private nextId = 0;

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: Message) => {
      this.messages.push(message);
      this.waiters = this.waiters.filter((waiter) => !(waiter.match(message) && (waiter.resolve(message), true)));
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(home: string, env: Record<string, string> = {}): FakeElectronApp {
    const child = fork(MAIN, [], {
      execArgv: ['--import', REGISTER],
      cwd: REPO_ROOT,
      env: { ...process.env, FAKE_ELECTRON_HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg'), ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new FakeElectronApp(child);
  }

  waitFor(match: (message: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the app')), timeoutMs);
      this.waiters.push({ match, resolve: (message) => (clearTimeout(timer), resolve(message)) });
    });
  }

  async request(type: string, body: Record<string, unknown> = {}): Promise<Message> {
    const id = ++this.nextId;
    const reply = this.waitFor((message) => message.type === 'reply' && message['id'] === id);
    this.child.send({ type, id, ...body });
    return reply;
  }

  invoke(channel: string, args: unknown[] = [], url = PAGE_URL, mainFrame = true): Promise<Message> {
    return this.request('invoke', { channel, args, url, mainFrame });
  }

  latestView(): StatusView | undefined {
    return this.messages.filter((message) => message.type === 'push' && message['channel'] === STATUS_PUSH_CHANNEL).at(-1)?.['payload'];
  }
}

describe('electron main process wiring (Electron faked)', { timeout: 90_000 }, () => {
  const homes: string[] = [];
  after(() => {
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });
  function newHome(port: number): string {
    const home = mkdtempSync(path.join(os.tmpdir(), 'rtemislive-app-'));
    homes.push(home);
    mkdirSync(path.join(home, 'userData'), { recursive: true });
    writeFileSync(path.join(home, 'userData', 'settings.json'), JSON.stringify({ settings: { ...DEFAULT_SETTINGS, port } }));
    return home;
  }

  it('starts hardened, serves the page, answers only its page, runs a job, and quits with no orphans', async () => {
    const port = (await findFreePort(31_000))!;
    const home = newHome(port);
    const app = FakeElectronApp.start(home);
    try {
      const running = await app.waitFor(
        (message) => message.type === 'tray-menu' && String(message['items'][0]?.label).includes(`running on port ${port}`),
      );
      const labels = running['items'].map((item: { label?: string }) => item.label).filter(Boolean);
      assert.ok(labels.includes('Copy token') && labels.includes('Quit rtemislive'));

      const schemes = app.messages.find((message) => message.type === 'privileged-schemes')!;
      assert.equal(schemes['readyBefore'], false, 'the app scheme is registered before ready');
      const jsFlags = app.messages.find((message) => message.type === 'command-line-switch' && message['name'] === 'js-flags');
      assert.equal(jsFlags?.['value'], '--max-semi-space-size=2', 'the server process keeps a small young generation');
      const window = app.messages.find((message) => message.type === 'window')!;
      assert.deepEqual(
        {
          contextIsolation: window['options'].webPreferences.contextIsolation,
          sandbox: window['options'].webPreferences.sandbox,
          nodeIntegration: window['options'].webPreferences.nodeIntegration,
        },
        { contextIsolation: true, sandbox: true, nodeIntegration: false },
      );
      assert.ok(readFileSync(window['options'].webPreferences.preload, 'utf8').includes('exposeInMainWorld'));
      assert.equal((await app.waitFor((message) => message.type === 'load-url'))['url'], PAGE_URL);
      assert.deepEqual(app.messages.find((message) => message.type === 'window-open-handler')?.['result'], { action: 'deny' });

      const page = await app.request('fetch', { url: PAGE_URL });
      assert.equal(page['status'], 200);
      assert.match(page['headers']['content-security-policy'], /default-src 'none'/);
      assert.match(page['body'], /<script type="module" src="app.js">/);
      assert.equal((await app.request('fetch', { url: 'rtemislive://app/..%2f..%2fpackage.json' }))['status'], 404);

      const status = await app.invoke(INVOKE.getStatus.channel);
      const view = status['result'] as StatusView;
      assert.equal(view.port, port);
      assert.equal(view.phase, 'running');
      const token = view.token!;
      const untrusted = await app.invoke(INVOKE.getStatus.channel, [], 'https://evil.example/');
      assert.match(untrusted['error'], /untrusted sender/);
      const subframe = await app.invoke(INVOKE.getStatus.channel, [], PAGE_URL, false);
      assert.match(subframe['error'], /untrusted sender/);
      assert.match((await app.invoke(INVOKE.usePort.channel, ['6000']))['error'], /invalid arguments/);
      await app.invoke(INVOKE.copyToken.channel);
      assert.equal((await app.waitFor((message) => message.type === 'clipboard'))['text'], token);

      // A real job through the server in the main process, on the emulated utilityProcess pool.
      const client = await WireClient.authed(`ws://127.0.0.1:${port}/`, token);
      await client.call('session.create', { name: 'wired' });
      const handle = await client.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      await client.call('train', { data_handle: handle.data_handle, algorithm: 'CART' });
      await client.waitForEvent('job.complete');
      await app.waitFor((message) => message.type === 'power-save-start');
      await app.waitFor((message) => message.type === 'power-save-stop');
      await app.waitFor(() => app.latestView()?.recentJobs[0]?.status === 'complete');
      const workerPids = app.messages.filter((message) => message.type === 'utility-process').map((message) => message['pid'] as number);
      assert.ok(workerPids.length >= 1, 'the pool runs on utilityProcess');

      await app.request('dialog-answer', { answer: { canceled: false, filePaths: ['/home/user/out'] } });
      assert.deepEqual(await client.call('dialog.choose_dir', { prompt: 'Save to' }), { path: '/home/user/out', cancelled: false });
      assert.equal((await app.waitFor((message) => message.type === 'open-dialog'))['options'].title, 'Save to');

      await app.request('second-instance');
      assert.equal(app.messages.filter((message) => message.type === 'window-show').length >= 1, true);

      const closed = client.closed;
      await app.request('tray-click', { label: 'Quit rtemislive' });
      assert.equal(await app.exited, 0);
      await closed;
      assert.ok(app.messages.some((message) => message.type === 'tray-destroyed'));
      for (const pid of workerPids) assert.equal(isAlive(pid), false, `worker ${pid} outlived the app`);

      const logDir = path.join(home, 'logs');
      const logs = readdirSync(logDir).map((file) => readFileSync(path.join(logDir, file), 'utf8')).join('');
      assert.match(logs, /quit \(clean\)/);
      assert.equal(logs.includes(token), false, 'the token is not in the log files');
    } finally {
      app.child.kill('SIGKILL');
    }
  });

  it('a second launch does not start a second server', async () => {
    const port = (await findFreePort(32_000))!;
    const app = FakeElectronApp.start(newHome(port), { FAKE_ELECTRON_LOCK: 'taken' });
    assert.equal(await app.exited, 0);
    assert.equal(app.messages.some((message) => message.type === 'ready' || message.type === 'tray-created'), false);
  });
});
