/**
 * The desktop app's behaviour, free of Electron: what every tray item and every status
 * window verb does, and how settings changes reach the server. main.ts supplies the
 * Electron side through DesktopShell; tests supply a fake one.
 */
import type { AppLogger } from './app-logger.js';
import type { IpcHandlers, StatusView } from './ipc-contract.js';
import type { PowerSaveGate } from './power-save-gate.js';
import type { LifecycleSnapshot, ServerLaunchConfig, ServerLifecycle } from './server-lifecycle.js';
import type { Settings } from './settings-schema.js';
import { settingsPatchSchema } from './settings-schema.js';
import type { SettingsStore } from './settings-store.js';
import { buildStatusView } from './status-view.js';
import { StateStore } from '../src/state/state-store.js';
import type { TokenVault } from './token-vault.js';
import { LIVE_URL, connectionDetails, type TrayAction, type TrayState } from './tray-menu-model.js';

export interface DesktopShell {
  writeClipboard(text: string): void;
  openExternal(url: string): Promise<void>;
  openPath(dir: string): Promise<void>;
  /** A native yes/no dialog; resolves true when the user confirmed. */
  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean>;
  showStatusWindow(): void;
  setStartAtLogin(enabled: boolean): void;
  /** Starts the app's quit (which runs the quit sequence). */
  quit(): void;
}

export interface ControllerDeps {
  lifecycle: ServerLifecycle;
  settings: SettingsStore;
  logger: AppLogger;
  vault: TokenVault;
  powerSave: PowerSaveGate;
  shell: DesktopShell;
  logDir: string;
  /** The server's state directory; null or absent when it saves nothing. */
  stateDir?: string | null;
}

export function serverConfigFrom(settings: Settings): Omit<ServerLaunchConfig, 'token'> {
  return {
    port: settings.port,
    extraOrigins: [...settings.extraOrigins],
    workers: settings.workers,
    maxConcurrent: settings.maxConcurrent,
    sessionTtl: settings.sessionTtl,
    dataTtl: settings.dataTtl,
    maxStateBytes: settings.maxStateBytes,
  };
}

export function launchConfigFrom(settings: Settings, token: string | null): ServerLaunchConfig {
  return { ...serverConfigFrom(settings), token };
}

const SERVER_FIELDS = ['port', 'extraOrigins', 'workers', 'maxConcurrent', 'sessionTtl', 'dataTtl', 'maxStateBytes'] as const;

export class DesktopController {
  private canRememberToken = false;
  private lastToken: string | null = null;
  private readonly viewListeners = new Set<(view: StatusView) => void>();

  constructor(private readonly deps: ControllerDeps) {
    deps.lifecycle.onChange((snapshot) => this.onLifecycle(snapshot));
    deps.settings.onChange((next, previous) => void this.onSettings(next, previous));
  }

  /** Restores a remembered token (when asked to) and starts the server. */
  async start(): Promise<void> {
    const { settings, vault, lifecycle, logger, shell } = this.deps;
    this.canRememberToken = await vault.available();
    logger.setLevel(settings.get().logLevel);
    // Re-registers the login item so it points at this copy of the app (an AppImage may have moved).
    if (settings.get().startAtLogin) shell.setStartAtLogin(true);
    if (settings.get().rememberToken) {
      const token = await vault.load();
      if (token !== null) {
        logger.addSecret(token);
        await lifecycle.reconfigure({ token });
      }
    }
    await lifecycle.start();
  }

  view(): StatusView {
    return buildStatusView({
      lifecycle: this.deps.lifecycle.snapshot(),
      settings: this.deps.settings.get(),
      logTail: this.deps.logger.tail(),
      logDir: this.deps.logDir,
      stateDir: this.deps.stateDir ?? null,
      canRememberToken: this.canRememberToken,
    });
  }

  trayState(): TrayState {
    return {
      lifecycle: this.deps.lifecycle.snapshot(),
      startAtLogin: this.deps.settings.get().startAtLogin,
      savesWork: (this.deps.stateDir ?? null) !== null,
    };
  }

  onView(listener: (view: StatusView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  async perform(action: TrayAction): Promise<void> {
    const { shell, lifecycle, settings } = this.deps;
    switch (action) {
      case 'copy-token':
        return this.copyToken();
      case 'copy-connection':
        return this.copyConnectionDetails();
      case 'open-live':
        return shell.openExternal(LIVE_URL);
      case 'open-status-window':
        return shell.showStatusWindow();
      case 'stop-server':
        return lifecycle.stop();
      case 'start-server':
        return lifecycle.start();
      case 'regenerate-token':
        await this.regenerateToken();
        return;
      case 'toggle-start-at-login':
        settings.update({ startAtLogin: !settings.get().startAtLogin });
        return;
      case 'open-logs':
        return shell.openPath(this.deps.logDir);
      case 'clear-saved-work':
        await this.clearSavedWork();
        return;
      case 'quit':
        return shell.quit();
    }
  }

  ipcHandlers(): IpcHandlers {
    const { lifecycle, settings, shell } = this.deps;
    return {
      getStatus: async () => this.view(),
      copyToken: () => this.copyToken(),
      copyConnectionDetails: () => this.copyConnectionDetails(),
      startServer: () => lifecycle.start(),
      stopServer: () => lifecycle.stop(),
      usePort: async (port) => {
        settings.update({ port });
      },
      regenerateToken: () => this.regenerateToken(),
      updateSettings: async (patch) => {
        const parsed = settingsPatchSchema.safeParse(patch);
        if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => issue.message).join('; ') };
        if (parsed.data.rememberToken === true && !this.canRememberToken) {
          return { ok: false, message: 'No OS keychain is available to store the token encrypted.' };
        }
        return { ok: true, settings: settings.update(parsed.data) };
      },
      resetSettings: async () => {
        settings.reset();
      },
      openLogsFolder: () => shell.openPath(this.deps.logDir),
      openLive: () => shell.openExternal(LIVE_URL),
      clearSavedWork: () => this.clearSavedWork(),
    };
  }

  /** Asks first; then stops the server, empties its state directory and starts it again (same token). */
  private async clearSavedWork(): Promise<boolean> {
    const dir = this.deps.stateDir ?? null;
    if (dir === null) return false;
    const confirmed = await this.deps.shell.confirm(
      'Clear saved work?',
      `Every session, uploaded data set and job result saved in ${dir} is deleted. The server restarts; browsers must join a new session.`,
      'Clear saved work',
    );
    if (!confirmed) return false;
    this.deps.logger.info(`clearing saved work in ${dir}`);
    await this.deps.lifecycle.whileStopped(() => StateStore.clear(dir));
    return true;
  }

  private async copyToken(): Promise<void> {
    const { token } = this.deps.lifecycle.snapshot();
    if (token !== null) this.deps.shell.writeClipboard(token);
  }

  private async copyConnectionDetails(): Promise<void> {
    const { token, status } = this.deps.lifecycle.snapshot();
    if (token !== null && status !== null) this.deps.shell.writeClipboard(connectionDetails(status.url, token));
  }

  private async regenerateToken(): Promise<boolean> {
    const confirmed = await this.deps.shell.confirm(
      'Regenerate the token?',
      'The server restarts with a new token and browsers must pair again. Saved sessions, data and results are kept.',
      'Regenerate',
    );
    if (!confirmed) return false;
    this.deps.logger.info('regenerating the token');
    await this.deps.lifecycle.reconfigure({ token: null });
    return true;
  }

  private onLifecycle(snapshot: LifecycleSnapshot): void {
    const { logger, powerSave, settings, vault } = this.deps;
    if (snapshot.token !== null && snapshot.token !== this.lastToken) {
      this.lastToken = snapshot.token;
      logger.addSecret(snapshot.token);
      if (settings.get().rememberToken) void vault.save(snapshot.token);
    }
    powerSave.update(snapshot.phase === 'running' ? snapshot.status : null);
    const view = this.view();
    for (const listener of this.viewListeners) listener(view);
  }

  private async onSettings(next: Settings, previous: Settings): Promise<void> {
    const { lifecycle, logger, shell, vault } = this.deps;
    if (next.logLevel !== previous.logLevel) logger.setLevel(next.logLevel);
    if (next.startAtLogin !== previous.startAtLogin) shell.setStartAtLogin(next.startAtLogin);
    if (next.rememberToken !== previous.rememberToken) {
      const { token } = lifecycle.snapshot();
      if (!next.rememberToken) vault.forget();
      else if (token !== null) await vault.save(token);
    }
    const serverChanged = SERVER_FIELDS.some((field) => JSON.stringify(next[field]) !== JSON.stringify(previous[field]));
    if (serverChanged) {
      logger.info(`settings changed; restarting the server on port ${next.port}`);
      await lifecycle.reconfigure(serverConfigFrom(next));
    } else {
      const view = this.view();
      for (const listener of this.viewListeners) listener(view);
    }
  }
}
