/**
 * The single status window: hardened web preferences, our custom-scheme page, no
 * navigation and no new windows. Status views are pushed to it; it never polls.
 */
import { BrowserWindow } from 'electron';
import { STATUS_PAGE_URL } from './app-protocol.js';
import { STATUS_PUSH_CHANNEL, type StatusView } from './ipc-contract.js';

export class StatusWindow {
  private window: BrowserWindow | null = null;

  constructor(private readonly preloadPath: string) {}

  show(): void {
    if (this.window && !this.window.isDestroyed()) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    const window = new BrowserWindow({
      width: 900,
      height: 760,
      title: 'rtemislive',
      show: false,
      autoHideMenuBar: true,
      webPreferences: {
        preload: this.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    window.webContents.on('will-navigate', (event) => event.preventDefault());
    window.webContents.on('will-redirect', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.window = window;
    void window.loadURL(STATUS_PAGE_URL);
  }

  push(view: StatusView): void {
    const window = this.window;
    if (window && !window.isDestroyed()) window.webContents.send(STATUS_PUSH_CHANNEL, view);
  }

  close(): void {
    if (this.window && !this.window.isDestroyed()) this.window.destroy();
    this.window = null;
  }
}
