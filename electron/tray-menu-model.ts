/**
 * The tray menu as plain data, rebuilt from the app state on every change (Linux
 * AppIndicator only picks up a menu that is set again). tray.ts turns it into an
 * Electron Menu; tests read it directly.
 */
import type { LifecyclePhase, LifecycleSnapshot } from './server-lifecycle.js';

export type TrayAction =
  | 'copy-token'
  | 'copy-connection'
  | 'open-live'
  | 'open-status-window'
  | 'stop-server'
  | 'start-server'
  | 'regenerate-token'
  | 'clear-saved-work'
  | 'toggle-start-at-login'
  | 'open-logs'
  | 'quit';

export type TrayMenuEntry =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean };

export interface TrayState {
  lifecycle: Pick<LifecycleSnapshot, 'phase' | 'token' | 'status' | 'error' | 'config'>;
  startAtLogin: boolean;
  /** Whether the server keeps saved work (a state directory) that can be cleared. */
  savesWork?: boolean;
}

export const LIVE_URL = 'https://live.rtemis.org';

export function serverStateLine(state: TrayState): string {
  const { phase, status, error, config } = state.lifecycle;
  switch (phase) {
    case 'running': {
      const running = status?.jobs.filter((job) => job.status === 'running' || job.status === 'cancelling').length ?? 0;
      const jobs = running === 0 ? '' : ` · ${running} job${running === 1 ? '' : 's'} running`;
      return `Server running on port ${status?.port ?? config.port}${jobs}`;
    }
    case 'starting':
      return `Server starting on port ${config.port}…`;
    case 'stopping':
      return 'Server stopping…';
    case 'stopped':
      return 'Server stopped';
    case 'backoff':
      return `Server crashed, restarting… (${error?.code ?? 'error'})`;
    case 'failed':
      return `Server failed: ${error?.message ?? 'unknown error'}`;
  }
}

const SERVER_UP: ReadonlySet<LifecyclePhase> = new Set(['running', 'starting', 'backoff']);

export function buildTrayMenu(state: TrayState): TrayMenuEntry[] {
  const { phase, token } = state.lifecycle;
  const running = phase === 'running';
  const up = SERVER_UP.has(phase);
  return [
    { kind: 'label', label: serverStateLine(state) },
    { kind: 'separator' },
    { kind: 'action', action: 'copy-token', label: 'Copy token', enabled: running && token !== null },
    {
      kind: 'action',
      action: 'copy-connection',
      label: 'Copy connection details (URL + token)',
      enabled: running && token !== null,
    },
    { kind: 'action', action: 'open-live', label: 'Open live.rtemis.org', enabled: true },
    { kind: 'action', action: 'open-status-window', label: 'Open status window', enabled: true },
    { kind: 'separator' },
    up
      ? { kind: 'action', action: 'stop-server', label: 'Stop server', enabled: phase !== 'stopping' }
      : { kind: 'action', action: 'start-server', label: 'Start server', enabled: phase !== 'stopping' },
    { kind: 'action', action: 'regenerate-token', label: 'Regenerate token…', enabled: running },
    { kind: 'action', action: 'clear-saved-work', label: 'Clear saved work…', enabled: state.savesWork === true && phase !== 'stopping' },
    { kind: 'separator' },
    { kind: 'checkbox', action: 'toggle-start-at-login', label: 'Start at login', checked: state.startAtLogin, enabled: true },
    { kind: 'action', action: 'open-logs', label: 'Open logs folder', enabled: true },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit rtemislive', enabled: true },
  ];
}

/** What "Copy connection details" puts on the clipboard. */
export function connectionDetails(url: string, token: string): string {
  return `URL: ${url}\nToken: ${token}`;
}

/** Tray icon file (under the tray resources folder) and whether macOS should treat it as a template. */
export function trayIconFor(platform: NodeJS.Platform): { file: string; template: boolean } {
  if (platform === 'darwin') return { file: 'trayTemplate.png', template: true };
  if (platform === 'win32') return { file: 'tray.ico', template: false };
  return { file: 'tray.png', template: false };
}
