import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveAppAsset, mimeType } from '../../electron/app-protocol.js';
import { AUTOSTART_FILE, autostartDir, autostartEntry, autostartExecutable, linuxAutostart } from '../../electron/autostart-linux.js';
import { createDirectoryChooser } from '../../electron/directory-chooser.js';
import { canListen, findFreePort } from '../../electron/free-port.js';
import { PowerSaveGate } from '../../electron/power-save-gate.js';
import { TokenVault, type TokenCipher } from '../../electron/token-vault.js';
import { makeJob, makeStatus } from './fakes.js';

describe('linux autostart', () => {
  it('writes and removes an XDG autostart entry that starts the app hidden', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'rtemislive-home-'));
    try {
      const dir = autostartDir({ XDG_CONFIG_HOME: path.join(home, 'cfg') }, home);
      assert.equal(dir, path.join(home, 'cfg', 'autostart'));
      const autostart = linuxAutostart('/opt/My Apps/rtemislive', ['--hidden'], dir);
      assert.equal(autostart.isEnabled(), false);
      autostart.setEnabled(true);
      const entry = readFileSync(path.join(dir, AUTOSTART_FILE), 'utf8');
      assert.match(entry, /^\[Desktop Entry\]\n/);
      assert.match(entry, /^Type=Application$/m);
      assert.match(entry, /^Exec="\/opt\/My Apps\/rtemislive" --hidden$/m);
      assert.equal(autostart.isEnabled(), true);
      autostart.setEnabled(false);
      assert.equal(existsSync(path.join(dir, AUTOSTART_FILE)), false);
      assert.equal(autostart.isEnabled(), false);
      autostart.setEnabled(false);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('falls back to ~/.config and prefers the AppImage path', () => {
    assert.equal(autostartDir({}, '/home/a'), '/home/a/.config/autostart');
    assert.equal(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/a'), '/home/a/.config/autostart');
    assert.equal(autostartExecutable({ APPIMAGE: '/home/a/rtemislive.AppImage' }, '/tmp/.mount/rtemislive'), '/home/a/rtemislive.AppImage');
    assert.equal(autostartExecutable({}, '/usr/bin/rtemislive'), '/usr/bin/rtemislive');
    assert.match(autostartEntry('/a/b$c'), /^Exec="\/a\/b\\\$c"$/m);
  });
});

describe('app protocol', () => {
  const root = '/opt/rtemislive/renderer';
  it('serves files of the renderer folder only', () => {
    assert.equal(resolveAppAsset(root, 'rtemislive://app/index.html'), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, 'rtemislive://app/'), path.join(root, 'index.html'));
    assert.equal(resolveAppAsset(root, 'rtemislive://app/app.js?x=1'), path.join(root, 'app.js'));
    // Dot segments the URL parser already resolves stay inside the folder.
    assert.equal(resolveAppAsset(root, 'rtemislive://app/../main.js'), path.join(root, 'main.js'));
    assert.equal(resolveAppAsset(root, 'rtemislive://app/%2e%2e/main.js'), path.join(root, 'main.js'));
    for (const url of [
      'rtemislive://app/..%2fmain.js',
      'rtemislive://app/%2e%2e%2f%2e%2e%2fetc/passwd',
      'rtemislive://app/x/..%2f..%2f..%2fetc/passwd',
      'rtemislive://other/index.html',
      'https://app/index.html',
      'rtemislive://app/%E0%A4%A',
      'rtemislive://app/a%00.js',
    ]) {
      assert.equal(resolveAppAsset(root, url), null, url);
    }
  });

  it('names the content types the page needs', () => {
    assert.match(mimeType('a/index.html'), /^text\/html/);
    assert.match(mimeType('a/app.js'), /^text\/javascript/);
    assert.match(mimeType('a/styles.css'), /^text\/css/);
  });
});

describe('free port', () => {
  it('skips a port that is taken', async () => {
    const first = await findFreePort(20_000);
    assert.ok(first !== null);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(first, '127.0.0.1', resolve));
    try {
      assert.equal(await canListen(first, '127.0.0.1'), false);
      const next = await findFreePort(first);
      assert.ok(next !== null && next > first);
      assert.equal(await canListen(next, '127.0.0.1'), true);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('power save gate', () => {
  it('blocks sleep while jobs are queued or running, once, and releases after', () => {
    const calls: string[] = [];
    let nextId = 0;
    const gate = new PowerSaveGate({
      start: () => (calls.push('start'), ++nextId),
      stop: (id) => calls.push(`stop ${id}`),
    });
    gate.update(makeStatus());
    gate.update(makeStatus({ jobs: [makeJob({ status: 'queued' })] }));
    gate.update(makeStatus({ jobs: [makeJob({ status: 'running' })] }));
    assert.equal(gate.blocking, true);
    gate.update(makeStatus({ jobs: [makeJob({ status: 'complete' })] }));
    gate.update(null);
    gate.update(makeStatus({ jobs: [makeJob({ status: 'cancelling' })] }));
    gate.release();
    gate.release();
    assert.deepEqual(calls, ['start', 'stop 1', 'start', 'stop 2']);
  });
});

describe('directory chooser', () => {
  it('returns the chosen folder, null when cancelled or failing, one dialog at a time', async () => {
    let open = 0;
    let maxOpen = 0;
    const answers = [
      { canceled: false, filePaths: ['/home/a/models'] },
      { canceled: true, filePaths: [] },
      new Error('no display'),
      { canceled: false, filePaths: [] },
    ];
    const titles: Array<string | undefined> = [];
    const choose = createDirectoryChooser(async (options) => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      titles.push(options.title);
      assert.ok(options.properties?.includes('openDirectory'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      open -= 1;
      const answer = answers.shift()!;
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const results = await Promise.all([choose('Save model to'), choose('b'), choose('c'), choose('d')]);
    assert.deepEqual(results, ['/home/a/models', null, null, null]);
    assert.deepEqual(titles, ['Save model to', 'b', 'c', 'd']);
    assert.equal(maxOpen, 1);
  });
});

describe('token vault', () => {
  function cipher(available: boolean): TokenCipher & { store: Map<string, string> } {
    const store = new Map<string, string>();
    return {
      store,
      available: async () => available,
      // Reversible but not identity, so the slot never holds the plain token.
      encrypt: async (plain) => Buffer.from([...Buffer.from(plain)].map((byte) => byte ^ 0x5a)),
      decrypt: async (encrypted) => {
        if (encrypted.length === 0) throw new Error('bad data');
        return Buffer.from([...encrypted].map((byte) => byte ^ 0x5a)).toString();
      },
    };
  }

  it('stores the token encrypted and reads it back', async () => {
    let slot: string | null = null;
    const vault = new TokenVault(cipher(true), { read: () => slot, write: (value) => (slot = value) });
    assert.equal(await vault.load(), null);
    assert.equal(await vault.save('7f3a-9c2b-d4e1-5a8f'), true);
    assert.ok(slot !== null && !String(slot).includes('7f3a'));
    assert.equal(await vault.load(), '7f3a-9c2b-d4e1-5a8f');
    vault.forget();
    assert.equal(slot, null);
  });

  it('refuses to store without a keychain and drops undecryptable data', async () => {
    let slot: string | null = null;
    const none = new TokenVault(cipher(false), { read: () => slot, write: (value) => (slot = value) });
    assert.equal(await none.save('7f3a-9c2b-d4e1-5a8f'), false);
    assert.equal(slot, null);
    slot = '';
    const vault = new TokenVault(cipher(true), { read: () => slot, write: (value) => (slot = value) });
    assert.equal(await vault.load(), null);
    assert.equal(slot, null);
  });
});
