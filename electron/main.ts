/**
 * Electron main process: wires the Electron-free modules of this folder to Electron.
 * Behaviour lives in desktop-controller.ts, server-lifecycle.ts and quit-sequence.ts.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  powerSaveBlocker,
  protocol,
  safeStorage,
  shell,
  type IpcMainInvokeEvent,
} from 'electron';
import ElectronStore from 'electron-store';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppLogger } from './app-logger.js';
import { CONTENT_SECURITY_POLICY, mimeType, resolveAppAsset } from './app-protocol.js';
import { autostartDir, autostartExecutable, linuxAutostart } from './autostart-linux.js';
import { DesktopController, launchConfigFrom, type DesktopShell } from './desktop-controller.js';
import { createDirectoryChooser } from './directory-chooser.js';
import { findFreePort } from './free-port.js';
import { APP_SCHEME, INVOKE, createIpcDispatcher, type InvokeVerb } from './ipc-contract.js';
import { RotatingLogFile } from './log-rotation.js';
import { PowerSaveGate } from './power-save-gate.js';
import { createQuitSequence } from './quit-sequence.js';
import { createServerFactory } from './server-factory.js';
import { ServerLifecycle } from './server-lifecycle.js';
import { SettingsStore } from './settings-store.js';
import type { Settings } from './settings-schema.js';
import { StatusWindow } from './status-window.js';
import { TokenVault } from './token-vault.js';
import { AppTray } from './tray.js';
import { utilityProcessSpawner } from './utility-process-adapter.js';
import { WorkerTracker } from './worker-tracker.js';

const QUIT_DEADLINE_MS = 8000;
/** Passed by the login item / autostart entry: start in the tray without opening the window. */
const HIDDEN_FLAG = '--hidden';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const trayIconDir = app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(here, '..', '..', 'build', 'tray');

const schedule = (callback: () => void, ms: number): (() => void) => {
  const timer = setTimeout(callback, ms);
  return () => clearTimeout(timer);
};

// Same young-generation cap as the `rtemislive` bin (src/cli/main.ts): the server lives in this
// process, mostly idle, and should come back to its resting memory after bursts of traffic.
app.commandLine.appendSwitch('js-flags', '--max-semi-space-size=2');

// Must happen before 'ready': gives the status page a secure, standard origin. Module
// scripts are fetched in CORS mode, which a custom scheme only supports with corsEnabled.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, corsEnabled: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(runApp);
}

async function runApp(): Promise<void> {
  if (process.platform === 'darwin') app.dock?.hide();

  const logDir = app.getPath('logs');
  const logger = new AppLogger(new RotatingLogFile({ dir: logDir, name: 'rtemislive', maxBytes: 1024 * 1024, keep: 4 }));
  logger.info(`rtemislive ${app.getVersion()} starting (Electron ${process.versions.electron})`);

  // A file that is not even JSON starts over; invalid values are repaired by the migrations.
  const store = new ElectronStore<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: true });
  const settings = new SettingsStore({
    read: () => store.get('settings'),
    write: (value: Settings) => store.set('settings', value),
  });
  if (settings.loadOutcome.resetFields.length > 0) {
    logger.warn(`invalid settings reset to defaults: ${settings.loadOutcome.resetFields.join(', ')}`);
  }
  const vault = new TokenVault(
    {
      available: async () =>
        (await safeStorage.isAsyncEncryptionAvailable()) &&
        !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
      encrypt: (plain) => safeStorage.encryptStringAsync(plain),
      decrypt: async (encrypted) => (await safeStorage.decryptStringAsync(encrypted)).result,
    },
    {
      read: () => {
        const value = store.get('encryptedToken');
        return typeof value === 'string' ? value : null;
      },
      write: (value) => (value === null ? store.delete('encryptedToken') : store.set('encryptedToken', value)),
    },
  );

  // Saved sessions, data and results (src/state/): kept with the app's other per-user data.
  const stateDir = path.join(app.getPath('userData'), 'state');
  const workers = new WorkerTracker(utilityProcessSpawner);
  const lifecycle = new ServerLifecycle(launchConfigFrom(settings.get(), null), {
    factory: createServerFactory({
      spawnWorker: workers.spawn,
      chooseDirectory: createDirectoryChooser((options) => dialog.showOpenDialog(options)),
      logger,
      stateDir,
    }),
    findFreePort: (from) => findFreePort(from),
    schedule,
    now: () => Date.now(),
    log: (level, message) => logger.log(level, message),
  });

  const statusWindow = new StatusWindow(preloadPath);
  const powerSave = new PowerSaveGate({
    start: () => powerSaveBlocker.start('prevent-app-suspension'),
    stop: (id) => powerSaveBlocker.stop(id),
  });

  // From source, Electron needs the app folder as its first argument.
  const loginArgs = app.isPackaged ? [HIDDEN_FLAG] : [app.getAppPath(), HIDDEN_FLAG];
  const linuxLogin = linuxAutostart(autostartExecutable(process.env, process.execPath), loginArgs, autostartDir());
  const desktopShell: DesktopShell = {
    writeClipboard: (text) => clipboard.writeText(text),
    openExternal: (url) => shell.openExternal(url),
    openPath: async (dir) => {
      const failure = await shell.openPath(dir);
      if (failure) logger.warn(`could not open ${dir}: ${failure}`);
    },
    confirm: async (message, detail, confirmLabel) => {
      const result = await dialog.showMessageBox({
        type: 'warning',
        buttons: [confirmLabel, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message,
        detail,
      });
      return result.response === 0;
    },
    showStatusWindow: () => statusWindow.show(),
    setStartAtLogin: (enabled) => {
      if (process.platform === 'linux') linuxLogin.setEnabled(enabled);
      else app.setLoginItemSettings({ openAtLogin: enabled, args: loginArgs });
    },
    quit: () => app.quit(),
  };

  const controller = new DesktopController({ lifecycle, settings, logger, vault, powerSave, shell: desktopShell, logDir, stateDir });

  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: { 'content-type': mimeType(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  const dispatch = createIpcDispatcher(controller.ipcHandlers());
  for (const verb of Object.keys(INVOKE) as InvokeVerb[]) {
    const channel = INVOKE[verb].channel;
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frame = event.senderFrame;
      return dispatch(channel, { url: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame }, args);
    });
  }

  // No page of ours opens windows or navigates; deny it for every web contents, not just ours.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const tray = new AppTray(trayIconDir, (action) => {
    controller.perform(action).catch((error: unknown) => logger.error(`tray action ${action} failed: ${String(error)}`));
  });
  tray.update(controller.trayState());
  controller.onView((view) => {
    statusWindow.push(view);
    tray.update(controller.trayState());
  });

  const quit = createQuitSequence(
    {
      stopServer: () => lifecycle.stop(),
      killWorkers: () => workers.killAll(),
      releaseResources: () => {
        powerSave.release();
        tray.destroy();
        statusWindow.close();
      },
      schedule,
      log: (level, message) => logger.log(level, message),
    },
    QUIT_DEADLINE_MS,
  );
  let quitFinished = false;
  app.on('before-quit', (event) => {
    if (quitFinished) return;
    event.preventDefault();
    void quit().then((outcome) => {
      logger.info(`quit (${outcome})`);
      quitFinished = true;
      app.exit(0);
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
  // A tray app keeps running with its window closed.
  app.on('window-all-closed', () => {});
  app.on('second-instance', () => statusWindow.show());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) statusWindow.show();
  });

  process.on('uncaughtException', (error) => {
    logger.error(`uncaught exception: ${error.stack ?? error.message}`);
    lifecycle.reportCrash(error);
  });
  process.on('unhandledRejection', (reason) => logger.error(`unhandled rejection: ${String(reason)}`));

  const openedAtLogin = process.argv.includes(HIDDEN_FLAG) || app.getLoginItemSettings().wasOpenedAtLogin;
  if (!openedAtLogin) statusWindow.show();
  await controller.start();
}
