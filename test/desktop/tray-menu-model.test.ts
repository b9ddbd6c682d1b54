import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecyclePhase } from '../../electron/server-lifecycle.js';
import {
  buildTrayMenu,
  connectionDetails,
  trayIconFor,
  type TrayMenuEntry,
  type TrayState,
} from '../../electron/tray-menu-model.js';
import { makeJob, makeStatus } from './fakes.js';

function state(phase: LifecyclePhase, extra: Partial<TrayState['lifecycle']> = {}, startAtLogin = false): TrayState {
  return {
    lifecycle: {
      phase,
      token: phase === 'running' ? 'abcd-ef01-2345-6789' : null,
      status: phase === 'running' ? makeStatus({ port: 6000 }) : null,
      error: null,
      config: { port: 6000, token: null, extraOrigins: [], workers: 1, maxConcurrent: null, sessionTtl: 1, dataTtl: 1, maxStateBytes: null },
      ...extra,
    },
    startAtLogin,
  };
}

function action(menu: TrayMenuEntry[], name: string) {
  return menu.find((entry) => 'action' in entry && entry.action === name);
}

describe('tray menu model', () => {
  it('has every item of the issue, in order, ending with Quit', () => {
    const menu = buildTrayMenu(state('running'));
    const actions = menu.flatMap((entry) => ('action' in entry ? [entry.action] : []));
    assert.deepEqual(actions, [
      'copy-token',
      'copy-connection',
      'open-live',
      'open-status-window',
      'stop-server',
      'regenerate-token',
      'clear-saved-work',
      'toggle-start-at-login',
      'open-logs',
      'quit',
    ]);
    assert.equal(menu[0]?.kind, 'label');
  });

  it('the state line follows the server: port, running jobs, errors', () => {
    const running = state('running', { status: makeStatus({ port: 6001, jobs: [makeJob(), makeJob({ status: 'queued' })] }) });
    assert.deepEqual(buildTrayMenu(running)[0], { kind: 'label', label: 'Server running on port 6001 · 1 job running' });
    const failed = state('failed', { error: { code: 'EADDRINUSE', message: 'Port 6000 is already in use.', suggestedPort: 6001 } });
    assert.match((buildTrayMenu(failed)[0] as { label: string }).label, /Port 6000 is already in use/);
    assert.equal((buildTrayMenu(state('stopped'))[0] as { label: string }).label, 'Server stopped');
  });

  it('offers Start when stopped or failed and Stop when up', () => {
    for (const phase of ['stopped', 'failed'] as const) {
      const menu = buildTrayMenu(state(phase));
      assert.ok(action(menu, 'start-server'), phase);
      assert.equal(action(menu, 'stop-server'), undefined);
    }
    for (const phase of ['running', 'starting', 'backoff'] as const) {
      assert.ok(action(buildTrayMenu(state(phase)), 'stop-server'), phase);
    }
  });

  it('token items are enabled only while running with a token', () => {
    const stopped = buildTrayMenu(state('stopped'));
    assert.deepEqual(
      ['copy-token', 'copy-connection', 'regenerate-token'].map((name) => (action(stopped, name) as { enabled: boolean }).enabled),
      [false, false, false],
    );
    const running = buildTrayMenu(state('running'));
    assert.equal((action(running, 'copy-token') as { enabled: boolean }).enabled, true);
  });

  it('"Clear saved work" is offered only when the server keeps saved work', () => {
    const enabled = (savesWork: boolean | undefined) =>
      (action(buildTrayMenu({ ...state('running'), ...(savesWork === undefined ? {} : { savesWork }) }), 'clear-saved-work') as { enabled: boolean; label: string });
    assert.equal(enabled(true).enabled, true);
    assert.equal(enabled(true).label, 'Clear saved work…');
    assert.equal(enabled(false).enabled, false);
    assert.equal(enabled(undefined).enabled, false);
  });

  it('start at login is a checkbox reflecting the setting', () => {
    assert.deepEqual(action(buildTrayMenu(state('running', {}, true)), 'toggle-start-at-login'), {
      kind: 'checkbox',
      action: 'toggle-start-at-login',
      label: 'Start at login',
      checked: true,
      enabled: true,
    });
  });

  it('connection details carry the URL and the token', () => {
    const text = connectionDetails('ws://127.0.0.1:5757/', 'abcd-ef01-2345-6789');
    assert.match(text, /ws:\/\/127\.0\.0\.1:5757\//);
    assert.match(text, /abcd-ef01-2345-6789/);
  });

  it('icons: template image on macOS, .ico on Windows, PNG on Linux', () => {
    assert.deepEqual(trayIconFor('darwin'), { file: 'trayTemplate.png', template: true });
    assert.deepEqual(trayIconFor('win32'), { file: 'tray.ico', template: false });
    assert.deepEqual(trayIconFor('linux'), { file: 'tray.png', template: false });
  });
});
