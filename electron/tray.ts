/** The tray icon: renders the menu model into an Electron Menu, again on every change. */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { buildTrayMenu, serverStateLine, trayIconFor, type TrayAction, type TrayState } from './tray-menu-model.js';

export class AppTray {
  private readonly tray: Tray;
  private shownMenu: string | null = null;

  constructor(
    iconDir: string,
    private readonly onAction: (action: TrayAction) => void,
  ) {
    const icon = trayIconFor(process.platform);
    const image = nativeImage.createFromPath(path.join(iconDir, icon.file));
    if (icon.template) image.setTemplateImage(true);
    this.tray = new Tray(image);
    // Windows users expect a left click on the tray icon to open the app; elsewhere a click opens the menu.
    if (process.platform === 'win32') this.tray.on('click', () => onAction('open-status-window'));
  }

  update(state: TrayState): void {
    const menu = buildTrayMenu(state);
    // Progress pushes arrive several times a second; only a different menu is set again.
    const key = JSON.stringify(menu);
    if (key === this.shownMenu) return;
    this.shownMenu = key;
    const template: MenuItemConstructorOptions[] = menu.map((entry) => {
      switch (entry.kind) {
        case 'label':
          return { label: entry.label, enabled: false };
        case 'separator':
          return { type: 'separator' };
        case 'action':
          return { label: entry.label, enabled: entry.enabled, click: () => this.onAction(entry.action) };
        case 'checkbox':
          return {
            label: entry.label,
            type: 'checkbox',
            checked: entry.checked,
            enabled: entry.enabled,
            click: () => this.onAction(entry.action),
          };
      }
    });
    this.tray.setToolTip(`rtemislive — ${serverStateLine(state)}`);
    // Linux AppIndicator only shows changes when the whole menu is set again.
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
