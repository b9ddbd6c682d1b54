/**
 * The status window's entry point. Talks only to `window.rtemislive` (the preload's verbs,
 * or a test bridge with the same verbs); renders whatever the main process pushes.
 */
import type { RtemisliveBridge, StatusView } from '../electron/ipc-contract.js';
import { byId } from './dom.js';
import { renderStatus, renderToken } from './render.js';
import { fillSettingsForm, readSettingsForm } from './settings-form.js';

declare global {
  interface Window {
    rtemislive: RtemisliveBridge;
  }
}

const bridge = window.rtemislive;
let current: StatusView | null = null;
let revealed = false;
/** The form is refilled only when settings really changed, so typing is never overwritten by a push. */
let shownSettings: string | null = null;

function show(view: StatusView): void {
  current = view;
  renderStatus(view, revealed);
  const settingsKey = JSON.stringify([view.settings, view.canRememberToken]);
  if (settingsKey !== shownSettings) {
    shownSettings = settingsKey;
    fillSettingsForm(byId<HTMLFormElement>('settings-form'), view.settings, view.canRememberToken);
  }
}

function say(id: string, message: string): void {
  byId(id).textContent = message;
}

function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs a verb from a button, reporting a rejection instead of dropping it. */
function action(buttonId: string, run: () => Promise<unknown>, done?: string): void {
  byId(buttonId).addEventListener('click', () => {
    run().then(
      () => done && say('action-message', done),
      (error: unknown) => say('action-message', failure(error)),
    );
  });
}

function wire(): void {
  byId('toggle-token').addEventListener('click', () => {
    revealed = !revealed;
    if (current) renderToken(current, revealed);
  });
  action('copy-token', () => bridge.copyToken(), 'Token copied.');
  action('copy-connection', () => bridge.copyConnectionDetails(), 'Connection details copied.');
  action('open-live', () => bridge.openLive());
  action('open-logs', () => bridge.openLogsFolder());
  action('regenerate-token', () => bridge.regenerateToken());
  action('clear-saved-work', () => bridge.clearSavedWork());
  action('retry-start', () => bridge.startServer());
  action('start-stop', () => {
    const up = current !== null && current.phase !== 'stopped' && current.phase !== 'failed';
    return up ? bridge.stopServer() : bridge.startServer();
  });
  byId('use-suggested-port').addEventListener('click', (event) => {
    const port = Number((event.currentTarget as HTMLElement).dataset['port']);
    if (Number.isInteger(port)) bridge.usePort(port).catch((error: unknown) => say('action-message', failure(error)));
  });

  const form = byId<HTMLFormElement>('settings-form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    bridge.updateSettings(readSettingsForm(form)).then(
      (result) => say('settings-message', result.ok ? 'Settings saved.' : result.message),
      (error: unknown) => say('settings-message', failure(error)),
    );
  });
  byId('reset-settings').addEventListener('click', () => {
    bridge.resetSettings().then(
      () => say('settings-message', 'Settings reset to defaults.'),
      (error: unknown) => say('settings-message', failure(error)),
    );
  });
}

wire();
bridge.onStatus(show);
// A push that arrived first is newer than this initial snapshot.
void bridge.getStatus().then((view) => {
  if (current === null) show(view);
});
