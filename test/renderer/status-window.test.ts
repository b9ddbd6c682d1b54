/**
 * The status window in real Chromium (playwright-core + Debian's chromium): the built page
 * is served with its CSP, `window.rtemislive` is a test bridge with the preload's verbs,
 * routed through the real IPC dispatcher to the real DesktopController, whose lifecycle
 * runs a real headless server with real worker processes. A real ws client then creates a
 * session, uploads data and trains; the page must show it all, pushed, with no polling.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppLogger } from '../../electron/app-logger.js';
import { CONTENT_SECURITY_POLICY, mimeType } from '../../electron/app-protocol.js';
import { DesktopController, launchConfigFrom, type DesktopShell } from '../../electron/desktop-controller.js';
import { findFreePort } from '../../electron/free-port.js';
import { INVOKE, createIpcDispatcher, type StatusView } from '../../electron/ipc-contract.js';
import { PowerSaveGate } from '../../electron/power-save-gate.js';
import { createServerFactory } from '../../electron/server-factory.js';
import { ServerLifecycle } from '../../electron/server-lifecycle.js';
import { DEFAULT_SETTINGS, type Settings } from '../../electron/settings-schema.js';
import { SettingsStore } from '../../electron/settings-store.js';
import { TokenVault } from '../../electron/token-vault.js';
import { WorkerTracker } from '../../electron/worker-tracker.js';
import { forkSpawner } from '../../src/pool/fork-adapter.js';
import { datasetIpc } from '../support/arrow-fixtures.js';
import { WireClient } from '../support/wire-client.js';

// The callbacks handed to page.evaluate/waitForFunction run inside Chromium. These module-local
// declarations type them without adding the DOM library to the Node test program.
declare const window: any;
declare const document: any;
declare const MutationObserver: any;
interface PageProgress {
  value: number;
  position: number;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RENDERER_DIR = path.join(REPO_ROOT, 'dist', 'renderer');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Compiles the page exactly as `npm run build` does, so the test never loads a stale page. */
function buildRenderer(): void {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'renderer', 'tsconfig.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'build', 'copy-renderer-assets.mjs')], { stdio: 'inherit' });
}

/** Serves dist/renderer with the same CSP header the app's protocol handler sends. */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const name = new URL(request.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(RENDERER_DIR, path.basename(name));
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': mimeType(file), 'content-security-policy': CONTENT_SECURITY_POLICY });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, origin: `http://127.0.0.1:${port}` };
}

class RecordingShell implements DesktopShell {
  clipboard: string | null = null;
  writeClipboard(text: string): void {
    this.clipboard = text;
  }
  async openExternal(): Promise<void> {}
  async openPath(): Promise<void> {}
  async confirm(): Promise<boolean> {
    return true;
  }
  showStatusWindow(): void {}
  setStartAtLogin(): void {}
  quit(): void {}
}

interface Desktop {
  controller: DesktopController;
  lifecycle: ServerLifecycle;
  workers: WorkerTracker;
  shell: RecordingShell;
  page: Page;
  pageErrors: string[];
}

/** The desktop app minus Electron, with the page attached through a test bridge. */
async function openDesktop(browser: Browser, origin: string, settings: Partial<Settings>, stateDir: string | null = null): Promise<Desktop> {
  const logger = new AppLogger({ write: () => {} }, 'debug');
  const store = new SettingsStore({ read: () => ({ ...DEFAULT_SETTINGS, ...settings }), write: () => {} });
  const workers = new WorkerTracker(forkSpawner);
  const lifecycle = new ServerLifecycle(launchConfigFrom(store.get(), null), {
    factory: createServerFactory({ spawnWorker: workers.spawn, chooseDirectory: async () => null, logger, stateDir }),
    findFreePort: (from) => findFreePort(from),
    schedule: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    now: () => Date.now(),
    log: (level, message) => logger.log(level, message),
  });
  const shell = new RecordingShell();
  const vault = new TokenVault(
    { available: async () => false, encrypt: async () => Buffer.alloc(0), decrypt: async () => '' },
    { read: () => null, write: () => {} },
  );
  const controller = new DesktopController({
    lifecycle,
    settings: store,
    logger,
    vault,
    powerSave: new PowerSaveGate({ start: () => 1, stop: () => {} }),
    shell,
    logDir: '/tmp/rtemislive-test-logs',
    stateDir,
  });

  const page = await browser.newPage({ viewport: { width: 980, height: 1100 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  // Same dispatcher as the app; the test page's origin plays the app:// origin's part.
  const dispatch = createIpcDispatcher(controller.ipcHandlers(), (sender) => sender.url?.startsWith(`${origin}/`) === true);
  await page.exposeBinding('__rtemisliveInvoke', (source, channel: string, args: unknown[]) =>
    dispatch(channel, { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() }, args),
  );
  const channels = Object.fromEntries(Object.entries(INVOKE).map(([verb, entry]) => [verb, entry.channel]));
  await page.addInitScript((channelByVerb: Record<string, string>) => {
    const invoke = window.__rtemisliveInvoke as (c: string, a: unknown[]) => Promise<unknown>;
    const listeners = new Set<(view: unknown) => void>();
    const bridge: Record<string, unknown> = {
      onStatus(listener: (view: unknown) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    for (const [verb, channel] of Object.entries(channelByVerb)) bridge[verb] = (...args: unknown[]) => invoke(channel, args);
    Object.defineProperty(window, 'rtemislive', { value: Object.freeze(bridge) });
    Object.defineProperty(window, '__rtemislivePush', {
      value: (view: unknown) => listeners.forEach((listener) => listener(view)),
    });
  }, channels);

  // Pushes are delivered in order, like webContents.send.
  let delivery = Promise.resolve();
  controller.onView((view: StatusView) => {
    delivery = delivery
      .then(() => page.evaluate((v) => window.__rtemislivePush(v), view))
      .catch(() => {});
  });
  await page.goto(`${origin}/index.html`);
  return { controller, lifecycle, workers, shell, page, pageErrors };
}

async function closeDesktop(desktop: Desktop): Promise<void> {
  await desktop.page.close();
  await desktop.lifecycle.stop();
  desktop.workers.killAll();
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector))?.trim() ?? '';
}

describe('status window in Chromium', { timeout: 120_000 }, () => {
  let browser: Browser;
  let pageServer: { server: Server; origin: string };

  before(async () => {
    buildRenderer();
    mkdirSync(ARTIFACTS, { recursive: true });
    pageServer = await servePage();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => pageServer?.server.close(resolve));
  });

  it('shows token, port, the session and a job whose progress bar moves to completion', async () => {
    const port = (await findFreePort(23_000))!;
    const desktop = await openDesktop(browser, pageServer.origin, { port, workers: 1 });
    const { page, controller, lifecycle } = desktop;
    try {
      await controller.start();
      const token = lifecycle.snapshot().token!;
      await page.waitForFunction(() => document.getElementById('phase')?.textContent === 'running');
      assert.equal(await text(page, '#port'), String(port));
      assert.equal(await text(page, '#url'), `ws://127.0.0.1:${port}/`);
      assert.equal(await text(page, '#token'), '••••-••••-••••-••••', 'the token starts hidden');
      await page.click('#toggle-token');
      assert.equal(await text(page, '#token'), token);
      assert.ok((await text(page, '#origins')).includes('https://live.rtemis.org'));
      await page.click('#copy-token');
      await page.waitForFunction(() => document.getElementById('action-message')?.textContent === 'Token copied.');
      assert.equal(desktop.shell.clipboard, token, 'the copy button reaches the main process');
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-window-1-running.png'), fullPage: true });

      const client = await WireClient.authed(`ws://127.0.0.1:${port}/`, token);
      await client.call('session.create', { name: 'iris-desktop' });
      const handle = await client.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      await page.waitForSelector('#sessions tr >> text=iris-desktop');
      const cells = await page.$$eval('#sessions tr td', (tds) => tds.map((td) => td.textContent));
      assert.deepEqual(cells, ['iris-desktop', '1', '1', '0']);

      // Record every value the page's bar takes, from inside the page.
      await page.evaluate(() => {
        const seen: number[] = [];
        window.__progressSeen = seen;
        new MutationObserver(() => {
          const bar = (document.querySelector('#active-jobs progress') as PageProgress | null);
          if (bar && bar.position === -1) return;
          if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      const submitted = await client.call('train', {
        data_handle: handle.data_handle,
        // About a second of work on one worker: long enough for several progress pushes.
        algorithm: 'Ranger',
        hyperparameters: { num_trees: 1500 },
        outer_resampling_config: { type: 'KFold', n_resamples: 10 },
      });
      const jobId: string = submitted.job_id;
      await page.waitForSelector(`#active-jobs li[data-job-id="${jobId}"]`);
      await page.waitForFunction(
        (id) => {
          const bar = (document.querySelector(`#active-jobs progress[data-job-id="${id}"]`) as PageProgress | null);
          return bar !== null && bar.position > 0 && bar.value < 1;
        },
        jobId,
        { timeout: 60_000, polling: 'raf' },
      ).then(
        () => page.screenshot({ path: path.join(ARTIFACTS, 'status-window-2-progress.png'), fullPage: true }),
        () => {},
      );
      await page.waitForSelector(`#recent-jobs tr[data-job-id="${jobId}"][data-status="complete"]`, { timeout: 60_000 });
      assert.equal(await page.$(`#active-jobs li[data-job-id="${jobId}"]`), null, 'a finished job leaves the active list');
      const seen = await page.evaluate((): number[] => window.__progressSeen);
      assert.ok(seen.length >= 2, `the bar moved (values seen: ${JSON.stringify(seen)})`);
      assert.ok(seen.some((value) => value > 0 && value < 1), `an intermediate fraction was shown: ${JSON.stringify(seen)}`);
      for (let i = 1; i < seen.length; i += 1) assert.ok(seen[i]! >= seen[i - 1]!, `progress never goes back: ${JSON.stringify(seen)}`);
      assert.equal(await text(page, '#sessions tr td:nth-child(4)'), '1');
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-window-3-complete.png'), fullPage: true });
      await client.close();
      assert.deepEqual(desktop.pageErrors, [], 'no page errors and no CSP violations');
    } finally {
      await closeDesktop(desktop);
    }
  });

  it('a port in use is named, and the offered free port restarts the server there', async () => {
    const taken = (await findFreePort(24_000))!;
    const blocker = createTcpServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    const desktop = await openDesktop(browser, pageServer.origin, { port: taken });
    const { page, controller } = desktop;
    try {
      await controller.start();
      await page.waitForSelector('#error-panel:not([hidden])');
      assert.match(await text(page, '#error-message'), new RegExp(`Port ${taken} is already in use`));
      assert.equal(await text(page, '#phase'), 'failed');
      const offer = await text(page, '#use-suggested-port');
      const suggested = Number(/Use port (\d+) instead/.exec(offer)?.[1]);
      assert.ok(suggested > taken, offer);
      assert.ok((await text(page, '#log-tail')).includes('EADDRINUSE'), 'the log tail is shown with the error');
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-window-4-port-in-use.png'), fullPage: true });
      await page.click('#use-suggested-port');
      await page.waitForFunction((p) => document.getElementById('port')?.textContent === String(p), suggested);
      await page.waitForFunction(() => document.getElementById('phase')?.textContent === 'running');
      assert.equal(await page.isHidden('#error-panel'), true);
      assert.equal(Number(await page.inputValue('input[name="port"]')), suggested, 'the settings form follows');
      const client = await WireClient.authed(`ws://127.0.0.1:${suggested}/`, desktop.lifecycle.snapshot().token!);
      await client.close();
      assert.deepEqual(desktop.pageErrors, []);
    } finally {
      await closeDesktop(desktop);
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('settings: invalid values are refused with a message, a valid change applies, reset restores', async () => {
    const port = (await findFreePort(25_000))!;
    const desktop = await openDesktop(browser, pageServer.origin, { port });
    const { page, controller } = desktop;
    try {
      await controller.start();
      await page.waitForFunction(() => document.getElementById('phase')?.textContent === 'running');
      await page.fill('input[name="port"]', '80');
      await page.click('#settings-form button[type="submit"]');
      await page.waitForFunction(() => (document.getElementById('settings-message')?.textContent ?? '').length > 0);
      assert.notEqual(await text(page, '#settings-message'), 'Settings saved.');
      assert.equal(await text(page, '#port'), String(port), 'nothing changed');

      await page.fill('input[name="port"]', String(port));
      await page.fill('textarea[name="extraOrigins"]', 'http://localhost:5173');
      await page.click('#settings-form button[type="submit"]');
      await page.waitForFunction(() => document.getElementById('origins')?.textContent?.includes('http://localhost:5173'));
      assert.equal(await text(page, '#settings-message'), 'Settings saved.');

      await page.click('#reset-settings');
      await page.waitForFunction(() => document.getElementById('settings-message')?.textContent === 'Settings reset to defaults.');
      await page.waitForFunction(() => document.getElementById('port')?.textContent === '5757' || document.getElementById('phase')?.textContent === 'failed');
      assert.equal(await page.inputValue('input[name="port"]'), '5757');
      assert.equal(await page.inputValue('textarea[name="extraOrigins"]'), '');
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-window-5-settings-reset.png'), fullPage: true });
      assert.deepEqual(desktop.pageErrors, []);
    } finally {
      await closeDesktop(desktop);
    }
  });

  it('saved work: the folder and its size are shown, the limit is a setting, "Clear saved work" empties it', async () => {
    const port = (await findFreePort(26_500))!;
    const stateDir = mkdtempSync(path.join(tmpdir(), 'rtemislive-window-state-'));
    const desktop = await openDesktop(browser, pageServer.origin, { port }, stateDir);
    const { page, controller, lifecycle } = desktop;
    try {
      await controller.start();
      await page.waitForFunction(() => document.getElementById('phase')?.textContent === 'running');
      assert.equal(await text(page, '#state-dir'), stateDir);
      const client = await WireClient.authed(`ws://127.0.0.1:${port}/`, lifecycle.snapshot().token!);
      await client.call('session.create', { name: 'saved' });
      await client.call('data.upload', { name: 'iris' }, datasetIpc('iris'));
      await page.waitForSelector('#sessions tr >> text=saved');
      await page.waitForFunction(() => /^\d+ kB of [\d.]+ GB allowed$/.test(document.getElementById('state-size')?.textContent ?? ''));

      await page.fill('input[name="maxStateGigabytes"]', '2');
      await page.click('#settings-form button[type="submit"]');
      await page.waitForFunction(() => (document.getElementById('state-size')?.textContent ?? '').endsWith('of 2.0 GB allowed'));
      await page.waitForFunction(() => document.getElementById('phase')?.textContent === 'running');
      await page.waitForSelector('#sessions tr >> text=saved', { timeout: 30_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'status-window-6-saved-work.png'), fullPage: true });

      await page.click('#clear-saved-work');
      await page.waitForFunction(() => document.getElementById('no-sessions')?.hidden === false && document.getElementById('phase')?.textContent === 'running', undefined, { timeout: 30_000 });
      assert.deepEqual(readdirSync(path.join(stateDir, 'sessions')), []);
      client.socket.terminate();
      assert.deepEqual(desktop.pageErrors, []);
    } finally {
      await closeDesktop(desktop);
    }
  });

  it('the CSP blocks inline script in the served page', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => violations.push(message.text()));
    await page.goto(`${pageServer.origin}/index.html`);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return window.__inlineRan === true;
    });
    assert.equal(ran, false);
    assert.ok(violations.some((line) => /Content Security Policy/i.test(line)), violations.join('\n'));
    await page.close();
  });
});
