import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import {
  INVOKE,
  IpcRejected,
  STATUS_PUSH_CHANNEL,
  createIpcDispatcher,
  isTrustedSender,
  type IpcHandlers,
  type InvokeVerb,
  type RtemisliveBridge,
} from '../../electron/ipc-contract.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PAGE = { url: 'rtemislive://app/index.html', isMainFrame: true };

function recordingHandlers(): { handlers: IpcHandlers; calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const handlers = Object.fromEntries(
    (Object.keys(INVOKE) as InvokeVerb[]).map((verb) => [
      verb,
      async (...args: unknown[]) => {
        calls.push([verb, args]);
        return verb === 'updateSettings' ? { ok: true } : undefined;
      },
    ]),
  ) as unknown as IpcHandlers;
  return { handlers, calls };
}

describe('IPC sender validation', () => {
  it('trusts only the app page in its main frame', () => {
    assert.equal(isTrustedSender(PAGE), true);
    assert.equal(isTrustedSender({ url: 'rtemislive://app/other/page.html', isMainFrame: true }), true);
    for (const sender of [
      { url: 'rtemislive://app/index.html', isMainFrame: false },
      { url: 'https://live.rtemis.org/', isMainFrame: true },
      { url: 'file:///tmp/index.html', isMainFrame: true },
      { url: 'rtemislive://evil/index.html', isMainFrame: true },
      { url: 'http://app/index.html', isMainFrame: true },
      { url: undefined, isMainFrame: true },
      { url: 'not a url', isMainFrame: true },
    ]) {
      assert.equal(isTrustedSender(sender), false, JSON.stringify(sender));
    }
  });
});

describe('IPC dispatcher', () => {
  it('routes valid calls to their handler with parsed arguments', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createIpcDispatcher(handlers);
    await dispatch(INVOKE.usePort.channel, PAGE, [6001]);
    await dispatch(INVOKE.updateSettings.channel, PAGE, [{ extraOrigins: [' http://localhost:5173 '], logLevel: 'debug' }]);
    assert.deepEqual(calls, [
      ['usePort', [6001]],
      ['updateSettings', [{ extraOrigins: ['http://localhost:5173'], logLevel: 'debug' }]],
    ]);
  });

  it('rejects untrusted senders before any handler runs', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createIpcDispatcher(handlers);
    await assert.rejects(dispatch(INVOKE.copyToken.channel, { url: 'https://live.rtemis.org/', isMainFrame: true }, []), IpcRejected);
    await assert.rejects(dispatch(INVOKE.copyToken.channel, { url: PAGE.url, isMainFrame: false }, []), IpcRejected);
    assert.deepEqual(calls, []);
  });

  it('rejects bad arguments: wrong types, extra arguments, unknown keys, unknown channels', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createIpcDispatcher(handlers);
    const bad: Array<[string, unknown[]]> = [
      [INVOKE.usePort.channel, ['6001']],
      [INVOKE.usePort.channel, [80]],
      [INVOKE.usePort.channel, []],
      [INVOKE.copyToken.channel, ['extra']],
      [INVOKE.updateSettings.channel, [{ port: 6001, token: 'x' }]],
      [INVOKE.updateSettings.channel, [{ workers: -1 }]],
      [INVOKE.updateSettings.channel, ['port=6001']],
      ['rtemislive:eval', []],
    ];
    for (const [channel, args] of bad) {
      await assert.rejects(dispatch(channel, PAGE, args), IpcRejected, `${channel} ${JSON.stringify(args)}`);
    }
    assert.deepEqual(calls, []);
  });

  it('channel names are unique', () => {
    const channels = Object.values(INVOKE).map((entry) => entry.channel);
    assert.equal(new Set([...channels, STATUS_PUSH_CHANNEL]).size, channels.length + 1);
  });
});

describe('preload', () => {
  // Runs the compiled sandboxed preload with a fake `electron` module, as Electron would.
  function loadPreload() {
    const exposed = new Map<string, unknown>();
    const invoked: Array<[string, unknown[]]> = [];
    const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, ...args: unknown[]) => {
          invoked.push([channel, args]);
          return channel;
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) => {
          listeners.set(channel, (listeners.get(channel) ?? []).filter((entry) => entry !== listener));
        },
      },
    };
    const requested: string[] = [];
    const source = readFileSync(path.resolve(here, '../../electron/preload.cjs'), 'utf8');
    const module = { exports: {} };
    vm.runInNewContext(source, {
      module,
      exports: module.exports,
      require: (name: string) => {
        requested.push(name);
        if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
        return electron;
      },
    });
    return { exposed, invoked, listeners, requested };
  }

  it('exposes exactly the bridge verbs under window.rtemislive, and no ipcRenderer', () => {
    const { exposed, requested } = loadPreload();
    assert.deepEqual([...exposed.keys()], ['rtemislive']);
    const bridge = exposed.get('rtemislive') as Record<string, unknown>;
    assert.deepEqual(Object.keys(bridge).sort(), [...Object.keys(INVOKE), 'onStatus'].sort());
    for (const value of Object.values(bridge)) assert.equal(typeof value, 'function');
    assert.deepEqual(requested, ['electron']);
  });

  it('every verb invokes the channel of the contract with its arguments', async () => {
    const { exposed, invoked } = loadPreload();
    const bridge = exposed.get('rtemislive') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const sample: Partial<Record<InvokeVerb, unknown[]>> = { usePort: [6001], updateSettings: [{ port: 6001 }] };
    for (const verb of Object.keys(INVOKE) as InvokeVerb[]) {
      await bridge[verb]!(...(sample[verb] ?? []));
    }
    assert.deepEqual(
      invoked,
      (Object.keys(INVOKE) as InvokeVerb[]).map((verb) => [INVOKE[verb].channel, sample[verb] ?? []]),
    );
  });

  it('onStatus subscribes to the push channel, passes only the view, and unsubscribes', () => {
    const { exposed, listeners } = loadPreload();
    const bridge = exposed.get('rtemislive') as RtemisliveBridge;
    const seen: unknown[] = [];
    const unsubscribe = bridge.onStatus((view) => seen.push(view));
    const registered = listeners.get(STATUS_PUSH_CHANNEL) ?? [];
    assert.equal(registered.length, 1);
    registered[0]!({ sender: 'the IPC event must not reach the page' }, { phase: 'running' });
    assert.deepEqual(seen, [{ phase: 'running' }]);
    unsubscribe();
    assert.equal(listeners.get(STATUS_PUSH_CHANNEL)?.length, 0);
  });
});
