/**
 * The status window's preload (sandboxed, so CommonJS and self-contained): exposes the
 * named verbs of RtemisliveBridge and nothing else — never ipcRenderer itself.
 * Channel strings are typed against ipc-contract.ts, so a mismatch fails to compile.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { InvokeChannel, InvokeVerb, RtemisliveBridge, StatusView } from './ipc-contract.js';

function invoke<V extends InvokeVerb>(channel: InvokeChannel<V>, ...args: unknown[]): Promise<never> {
  return ipcRenderer.invoke(channel, ...args) as Promise<never>;
}

const STATUS_CHANNEL: typeof import('./ipc-contract.js').STATUS_PUSH_CHANNEL = 'rtemislive:status';

const bridge: RtemisliveBridge = {
  getStatus: () => invoke<'getStatus'>('rtemislive:get-status'),
  onStatus(listener) {
    const wrapped = (_event: IpcRendererEvent, view: StatusView): void => listener(view);
    ipcRenderer.on(STATUS_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(STATUS_CHANNEL, wrapped);
    };
  },
  copyToken: () => invoke<'copyToken'>('rtemislive:copy-token'),
  copyConnectionDetails: () => invoke<'copyConnectionDetails'>('rtemislive:copy-connection'),
  startServer: () => invoke<'startServer'>('rtemislive:start-server'),
  stopServer: () => invoke<'stopServer'>('rtemislive:stop-server'),
  usePort: (port) => invoke<'usePort'>('rtemislive:use-port', port),
  regenerateToken: () => invoke<'regenerateToken'>('rtemislive:regenerate-token'),
  updateSettings: (patch) => invoke<'updateSettings'>('rtemislive:update-settings', patch),
  resetSettings: () => invoke<'resetSettings'>('rtemislive:reset-settings'),
  openLogsFolder: () => invoke<'openLogsFolder'>('rtemislive:open-logs'),
  openLive: () => invoke<'openLive'>('rtemislive:open-live'),
  clearSavedWork: () => invoke<'clearSavedWork'>('rtemislive:clear-saved-work'),
};

contextBridge.exposeInMainWorld('rtemislive', bridge);
