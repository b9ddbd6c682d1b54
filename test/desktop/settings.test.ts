import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrateSettings, type SettingsMigration } from '../../electron/settings-migrations.js';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, settingsPatchSchema, settingsSchema } from '../../electron/settings-schema.js';
import { SettingsStore } from '../../electron/settings-store.js';
import { MemoryBackend } from './fakes.js';

describe('settings schema', () => {
  it('the defaults validate and match the protocol defaults', () => {
    const parsed = settingsSchema.parse(DEFAULT_SETTINGS);
    assert.equal(parsed.port, 5757);
    assert.equal(parsed.rememberToken, false, 'remember token is off by default');
    assert.equal(parsed.startAtLogin, false, 'start at login is off by default');
    assert.equal(parsed.sessionTtl, 86400);
    assert.equal(parsed.dataTtl, 3600);
    assert.equal(parsed.maxStateBytes, null, 'the saved work limit defaults to the server\'s (a share of free space)');
  });

  it('the saved work limit is null or at least 64 MiB, in whole bytes', () => {
    for (const maxStateBytes of [null, 64 * 1024 * 1024, 50e9]) assert.equal(settingsPatchSchema.safeParse({ maxStateBytes }).success, true, String(maxStateBytes));
    for (const maxStateBytes of [0, 1e6, 1.5e9 + 0.5, Number.NaN, '20G']) assert.equal(settingsPatchSchema.safeParse({ maxStateBytes }).success, false, String(maxStateBytes));
  });

  it('rejects ports outside 1024–49151 and non-integers', () => {
    for (const port of [80, 1023, 49152, 5757.5, Number.NaN]) {
      assert.equal(settingsPatchSchema.safeParse({ port }).success, false, `port ${port}`);
    }
    assert.equal(settingsPatchSchema.safeParse({ port: 1024 }).success, true);
  });

  it('accepts only bare origins', () => {
    assert.equal(settingsPatchSchema.safeParse({ extraOrigins: ['http://localhost:5173'] }).success, true);
    for (const origin of ['http://localhost:5173/', 'https://x.org/path', 'file:///tmp', 'localhost:3000', '']) {
      assert.equal(settingsPatchSchema.safeParse({ extraOrigins: [origin] }).success, false, origin);
    }
  });

  it('a patch may not set unknown keys or the version', () => {
    assert.equal(settingsPatchSchema.safeParse({ version: 2 }).success, false);
    assert.equal(settingsPatchSchema.safeParse({ token: 'x' }).success, false);
  });
});

describe('settings migrations', () => {
  it('nothing stored gives the defaults at the current version', () => {
    const outcome = migrateSettings(undefined);
    assert.deepEqual(outcome.settings, DEFAULT_SETTINGS);
    assert.equal(outcome.fromVersion, 0);
    assert.equal(outcome.settings.version, SETTINGS_VERSION);
  });

  it('a valid current file is kept unchanged', () => {
    const stored = { ...DEFAULT_SETTINGS, port: 6001, extraOrigins: ['http://localhost:5173'] };
    const outcome = migrateSettings(stored);
    assert.deepEqual(outcome.settings, stored);
    assert.equal(outcome.changed, false);
    assert.deepEqual(outcome.resetFields, []);
  });

  it('invalid fields fall back to defaults one by one, the rest is kept', () => {
    const outcome = migrateSettings({ version: 1, port: 80, workers: 4, logLevel: 'loud', startAtLogin: true, junk: 1 });
    assert.equal(outcome.settings.port, DEFAULT_SETTINGS.port);
    assert.equal(outcome.settings.logLevel, DEFAULT_SETTINGS.logLevel);
    assert.equal(outcome.settings.workers, 4);
    assert.equal(outcome.settings.startAtLogin, true);
    assert.deepEqual(outcome.resetFields.sort(), ['logLevel', 'port']);
    assert.equal('junk' in outcome.settings, false);
    assert.equal(outcome.changed, true);
  });

  it('version 1 → 2: the old default of one worker becomes one per core (null); a chosen count stays', () => {
    assert.equal(DEFAULT_SETTINGS.workers, null);
    assert.equal(migrateSettings({ ...DEFAULT_SETTINGS, version: 1, workers: 1 }).settings.workers, null);
    assert.equal(migrateSettings({ ...DEFAULT_SETTINGS, version: 1, workers: 6 }).settings.workers, 6);
    assert.equal(migrateSettings({ ...DEFAULT_SETTINGS, version: 2, workers: 1 }).settings.workers, 1, 'a version-2 choice of 1 is kept');
  });

  it('a file from a newer app (after a downgrade) keeps what this version understands', () => {
    const outcome = migrateSettings({ ...DEFAULT_SETTINGS, version: 7, port: 7000, newFeature: true });
    assert.equal(outcome.fromVersion, 7);
    assert.equal(outcome.settings.version, SETTINGS_VERSION);
    assert.equal(outcome.settings.port, 7000);
  });

  it('steps run in version order from the stored version to the target', () => {
    const calls: number[] = [];
    const migrations: Record<number, SettingsMigration> = {
      2: (data) => (calls.push(2), { ...data, port: Number(data['port']) + 2 }),
      1: (data) => (calls.push(1), { ...data, port: Number(data['port']) + 1, workers: data['threads'] }),
      3: (data) => (calls.push(3), data),
    };
    const outcome = migrateSettings({ version: 1, port: 6000, threads: 3 }, migrations, 3);
    assert.deepEqual(calls, [1, 2]);
    assert.equal(outcome.settings.port, 6003);
    assert.equal(outcome.settings.workers, 3);
    assert.equal(outcome.settings.version, 3);
    assert.equal(outcome.fromVersion, 1);
  });

  it('non-objects and bad versions are treated as an unversioned file', () => {
    for (const stored of [null, 42, 'text', [1, 2], { version: -3 }, { version: 'one' }]) {
      const outcome = migrateSettings(stored);
      assert.equal(outcome.fromVersion, 0);
      assert.deepEqual(outcome.settings, DEFAULT_SETTINGS);
    }
  });
});

describe('settings store', () => {
  it('writes a repaired file back on load, and nothing when the file was valid', () => {
    const broken = new MemoryBackend({ port: 'abc' });
    new SettingsStore(broken);
    assert.equal(broken.writes.length, 1);
    assert.deepEqual(broken.stored, DEFAULT_SETTINGS);
    const valid = new MemoryBackend({ ...DEFAULT_SETTINGS });
    new SettingsStore(valid);
    assert.equal(valid.writes.length, 0);
  });

  it('update validates, persists and notifies with next and previous', () => {
    const backend = new MemoryBackend();
    const store = new SettingsStore(backend);
    const seen: Array<[number, number]> = [];
    store.onChange((next, previous) => seen.push([next.port, previous.port]));
    store.update({ port: 6100 });
    assert.equal(store.get().port, 6100);
    assert.equal((backend.stored as { port: number }).port, 6100);
    assert.deepEqual(seen, [[6100, 5757]]);
    assert.throws(() => store.update({ port: 1 }));
    assert.throws(() => store.update({ unknown: true }));
    assert.equal(store.get().port, 6100, 'a rejected update changes nothing');
  });

  it('reset restores every default', () => {
    const store = new SettingsStore(new MemoryBackend());
    store.update({ port: 6100, workers: 3, startAtLogin: true, logLevel: 'debug' });
    store.reset();
    assert.deepEqual(store.get(), DEFAULT_SETTINGS);
  });
});
