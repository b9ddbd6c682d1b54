import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppLogger } from '../../electron/app-logger.js';
import { DesktopController, launchConfigFrom } from '../../electron/desktop-controller.js';
import type { StatusView } from '../../electron/ipc-contract.js';
import { PowerSaveGate } from '../../electron/power-save-gate.js';
import { ServerLifecycle } from '../../electron/server-lifecycle.js';
import { DEFAULT_SETTINGS } from '../../electron/settings-schema.js';
import { SettingsStore } from '../../electron/settings-store.js';
import { TokenVault } from '../../electron/token-vault.js';
import { LIVE_URL } from '../../electron/tray-menu-model.js';
import { FakeServer, FakeShell, FakeTimers, MemoryBackend, errnoError, flush, makeJob } from './fakes.js';

function setup(options: { stored?: unknown; keychain?: boolean; failFirstStart?: boolean; savedToken?: string } = {}) {
  const timers = new FakeTimers();
  const servers: FakeServer[] = [];
  const settings = new SettingsStore(new MemoryBackend(options.stored));
  const logLines: string[] = [];
  const logger = new AppLogger({ write: (line) => logLines.push(line) });
  const lifecycle = new ServerLifecycle(launchConfigFrom(settings.get(), null), {
    factory: (config) => {
      const fail = options.failFirstStart === true && servers.length === 0;
      const server = new FakeServer(config, fail ? { startError: errnoError('EADDRINUSE') } : {});
      servers.push(server);
      return server;
    },
    findFreePort: async (from) => from,
    schedule: timers.schedule,
    now: () => timers.now,
    log: (level, message) => logger.log(level, message),
  });
  let slot: string | null = options.savedToken === undefined ? null : Buffer.from(options.savedToken).toString('base64');
  const vault = new TokenVault(
    {
      available: async () => options.keychain ?? false,
      encrypt: async (plain) => Buffer.from(plain),
      decrypt: async (encrypted) => encrypted.toString(),
    },
    { read: () => slot, write: (value) => (slot = value) },
  );
  const blocks: string[] = [];
  const powerSave = new PowerSaveGate({ start: () => (blocks.push('start'), 1), stop: () => blocks.push('stop') });
  const shell = new FakeShell();
  const controller = new DesktopController({ lifecycle, settings, logger, vault, powerSave, shell, logDir: '/logs' });
  const views: StatusView[] = [];
  controller.onView((view) => views.push(view));
  return { controller, lifecycle, settings, servers, shell, views, blocks, logLines, slot: () => slot };
}

describe('desktop controller', () => {
  it('starts the server from the settings and pushes views', async () => {
    const { controller, servers, views } = setup({ stored: { ...DEFAULT_SETTINGS, port: 6123, workers: 2 } });
    await controller.start();
    assert.equal(servers[0]!.config.port, 6123);
    assert.equal(servers[0]!.config.workers, 2);
    const view = views.at(-1)!;
    assert.equal(view.phase, 'running');
    assert.equal(view.port, 6123);
    assert.equal(view.token, servers[0]!.token);
    assert.equal(view.url, 'ws://127.0.0.1:6123/');
  });

  it('a port change in settings restarts the server on the new port and the view shows it', async () => {
    const { controller, servers, views } = setup();
    await controller.start();
    const result = await controller.ipcHandlers().updateSettings({ port: 6200 });
    assert.equal(result.ok, true);
    await flush();
    assert.equal(servers.length, 2);
    assert.equal(servers[0]!.stopped, true);
    assert.equal(views.at(-1)!.port, 6200);
    assert.equal(views.at(-1)!.phase, 'running');
    assert.equal(servers[1]!.config.token, servers[0]!.token, 'the pairing token survives a port change');
  });

  it('settings that do not concern the server do not restart it', async () => {
    const { controller, servers, shell } = setup();
    await controller.start();
    await controller.ipcHandlers().updateSettings({ logLevel: 'debug', startAtLogin: true });
    await flush();
    assert.equal(servers.length, 1);
    assert.deepEqual(shell.startAtLogin, [true]);
  });

  it('a port in use shows the error; "use the suggested port" restarts there', async () => {
    const { controller, servers, views } = setup({ failFirstStart: true });
    await controller.start();
    const failed = views.at(-1)!;
    assert.equal(failed.phase, 'failed');
    assert.equal(failed.error?.code, 'EADDRINUSE');
    assert.equal(failed.error?.suggestedPort, 5758);
    assert.ok(failed.logTail.some((line) => line.includes('EADDRINUSE')), 'the error shows its log tail');
    await controller.ipcHandlers().usePort(5758);
    await flush();
    assert.equal(servers[1]!.config.port, 5758);
    assert.equal(views.at(-1)!.phase, 'running');
    assert.equal(views.at(-1)!.port, 5758);
  });

  it('tray actions: copy token and connection details, open live, window, logs, quit', async () => {
    const { controller, servers, shell } = setup();
    await controller.start();
    await controller.perform('copy-token');
    assert.equal(shell.clipboard, servers[0]!.token);
    await controller.perform('copy-connection');
    assert.equal(shell.clipboard, `URL: ws://127.0.0.1:5757/\nToken: ${servers[0]!.token}`);
    await controller.perform('open-live');
    assert.deepEqual(shell.opened, [LIVE_URL]);
    await controller.perform('open-status-window');
    assert.equal(shell.windowShown, 1);
    await controller.perform('open-logs');
    assert.deepEqual(shell.openedPaths, ['/logs']);
    await controller.perform('quit');
    assert.equal(shell.quits, 1);
  });

  it('stop and start from the tray', async () => {
    const { controller, lifecycle, servers } = setup();
    await controller.start();
    await controller.perform('stop-server');
    assert.equal(lifecycle.snapshot().phase, 'stopped');
    assert.equal(servers[0]!.stopped, true);
    await controller.perform('start-server');
    assert.equal(lifecycle.snapshot().phase, 'running');
    assert.equal(servers.length, 2);
  });

  it('regenerating the token asks first; declining changes nothing', async () => {
    const { controller, servers, shell, lifecycle } = setup();
    await controller.start();
    const before = lifecycle.snapshot().token;
    shell.confirmAnswer = false;
    assert.equal(await controller.ipcHandlers().regenerateToken(), false);
    assert.equal(servers.length, 1);
    assert.equal(lifecycle.snapshot().token, before);
    shell.confirmAnswer = true;
    assert.equal(await controller.ipcHandlers().regenerateToken(), true);
    assert.equal(shell.confirmations.length, 2);
    assert.equal(servers[0]!.stopped, true, 'the old server (and its sessions) is gone');
    assert.notEqual(lifecycle.snapshot().token, before);
  });

  it('an enabled login item is registered again at launch, a disabled one is left alone', async () => {
    const enabled = setup({ stored: { ...DEFAULT_SETTINGS, startAtLogin: true } });
    await enabled.controller.start();
    assert.deepEqual(enabled.shell.startAtLogin, [true]);
    const disabled = setup();
    await disabled.controller.start();
    assert.deepEqual(disabled.shell.startAtLogin, []);
  });

  it('start at login toggles from the tray through the settings', async () => {
    const { controller, settings, shell } = setup();
    await controller.start();
    await controller.perform('toggle-start-at-login');
    await controller.perform('toggle-start-at-login');
    assert.deepEqual(shell.startAtLogin, [true, false]);
    assert.equal(settings.get().startAtLogin, false);
  });

  it('remember token: refused without a keychain; with one the token is restored at the next launch', async () => {
    const withoutKeychain = setup();
    await withoutKeychain.controller.start();
    const refused = await withoutKeychain.controller.ipcHandlers().updateSettings({ rememberToken: true });
    assert.equal(refused.ok, false);
    assert.equal(withoutKeychain.settings.get().rememberToken, false);

    const first = setup({ keychain: true });
    await first.controller.start();
    await first.controller.ipcHandlers().updateSettings({ rememberToken: true });
    await flush();
    const token = first.servers[0]!.token;
    assert.equal(Buffer.from(first.slot()!, 'base64').toString(), token);

    const next = setup({ keychain: true, stored: { ...DEFAULT_SETTINGS, rememberToken: true }, savedToken: token });
    await next.controller.start();
    assert.equal(next.servers[0]!.config.token, token);

    await next.controller.ipcHandlers().updateSettings({ rememberToken: false });
    await flush();
    assert.equal(next.slot(), null, 'turning it off forgets the stored token');
  });

  it('a token is not restored when remember token is off', async () => {
    const { controller, servers } = setup({ keychain: true, savedToken: 'aaaa-bbbb-cccc-dddd' });
    await controller.start();
    assert.equal(servers[0]!.config.token, null);
  });

  it('reset settings restores defaults and restarts on the default port', async () => {
    const { controller, servers, settings } = setup({ stored: { ...DEFAULT_SETTINGS, port: 6500 } });
    await controller.start();
    await controller.ipcHandlers().resetSettings();
    await flush();
    assert.deepEqual(settings.get(), DEFAULT_SETTINGS);
    assert.equal(servers.at(-1)!.config.port, 5757);
  });

  it('invalid settings from the window are refused with a message', async () => {
    const { controller, settings } = setup();
    await controller.start();
    const result = await controller.ipcHandlers().updateSettings({ port: 99 } as never);
    assert.equal(result.ok, false);
    assert.equal(settings.get().port, 5757);
  });

  it('keeps the machine awake only while jobs run, and splits active from finished jobs', async () => {
    const { controller, servers, blocks, views } = setup();
    await controller.start();
    servers[0]!.emit({ jobs: [makeJob({ status: 'running', fraction: 0.4, stage: 'outer_fold' })] });
    assert.deepEqual(blocks, ['start']);
    assert.equal(views.at(-1)!.activeJobs[0]!.fraction, 0.4);
    servers[0]!.emit({ jobs: [makeJob({ status: 'complete', completed_at: '2026-01-01T00:00:05Z' })] });
    assert.deepEqual(blocks, ['start', 'stop']);
    assert.equal(views.at(-1)!.activeJobs.length, 0);
    assert.equal(views.at(-1)!.recentJobs[0]!.status, 'complete');
  });

  it('the token never reaches the log', async () => {
    const { controller, servers, logLines } = setup();
    await controller.start();
    const token = servers[0]!.token;
    controller['deps'].logger.info(`debug dump: ${token}`);
    assert.equal(logLines.some((line) => line.includes(token)), false);
  });
});
