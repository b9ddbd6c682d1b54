/** The saved-state building blocks on their own: durable writes, the folder lock, upload spooling, the storage cap, paths and ids. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseByteSize } from '../../src/cli/cli-options.js';
import { OptionsError } from '../../src/server/options.js';
import { uniqueId } from '../../src/sessions/ids.js';
import { writeFileDurably } from '../../src/state/durable-files.js';
import { defaultStateDirectory } from '../../src/state/state-directory.js';
import { acquireStateLock, lockAddress, StateLockedError } from '../../src/state/state-lock.js';
import { measureDirectory, StorageBudget } from '../../src/state/storage-budget.js';
import { UploadSpool } from '../../src/state/upload-spool.js';
import { EventBuffer } from '../../src/sessions/event-buffer.js';
import { event } from '../../src/protocol/envelope.js';
import { stateFolder } from './state-helpers.js';

describe('saved-state modules', () => {
  it('a durable write replaces a file whole and leaves no temporary file', async () => {
    const dir = stateFolder('durable');
    const path = join(dir, 'doc.json');
    writeFileSync(path, 'old');
    assert.equal(await writeFileDurably(path, 'new content', dir), 11);
    assert.equal(readFileSync(path, 'utf8'), 'new content');
    assert.deepEqual(readdirSync(dir), ['doc.json']);
    await assert.rejects(writeFileDurably(join(dir, 'missing', 'doc.json'), 'x', dir));
    assert.deepEqual(readdirSync(dir), ['doc.json'], 'a failed write leaves the folder as it was');
  });

  it('one server per folder: a second lock is refused, a released or dead owner\'s lock is taken', async () => {
    const dir = stateFolder('lock');
    const lock = await acquireStateLock(dir);
    await assert.rejects(acquireStateLock(dir), StateLockedError);
    await lock.release();
    const again = await acquireStateLock(dir);
    await again.release();
    // A process that holds the lock and dies with SIGKILL leaves its socket file behind.
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(lockAddress(dir))}, () => console.log('held'))`]);
    await new Promise((done) => holder.stdout.once('data', done));
    await assert.rejects(acquireStateLock(dir), StateLockedError);
    holder.kill('SIGKILL');
    await new Promise((done) => holder.once('exit', done));
    assert.ok(existsSync(lockAddress(dir)), 'the dead owner left its socket file');
    const taken = await acquireStateLock(dir);
    await taken.release();
  });

  it('an upload spool writes chunks in index order whatever order they arrive in; discard removes the file', async () => {
    const dir = stateFolder('spool');
    const chunks = [Buffer.from('alpha-'), Buffer.from('beta-'), Buffer.from('gamma-'), Buffer.from('delta')];
    const spool = new UploadSpool(join(dir, 'upload.spool'), Buffer.concat(chunks).length);
    for (const index of [3, 1, 4, 2]) spool.add(index, chunks[index - 1]!);
    assert.equal(await spool.finish(), Buffer.concat(chunks).length);
    assert.equal(readFileSync(join(dir, 'upload.spool'), 'utf8'), 'alpha-beta-gamma-delta');
    const dropped = new UploadSpool(join(dir, 'dropped.spool'), 2);
    dropped.add(1, Buffer.from('x'));
    await dropped.discard();
    assert.equal(existsSync(join(dir, 'dropped.spool')), false);
    const incomplete = new UploadSpool(join(dir, 'incomplete.spool'), 2);
    incomplete.add(2, Buffer.from('y'));
    await assert.rejects(incomplete.finish(), /missing chunks/);
    await incomplete.discard();
  });

  it('the storage budget refuses what would pass the cap, counting reservations', async () => {
    const budget = new StorageBudget(1000, 600);
    budget.ensureRoom(400);
    assert.throws(() => budget.ensureRoom(401), (error: any) => error.code === 'too_many' && /needs 0\.0 MB but only 0\.0 MB of the 0\.0 MB limit/.test(error.message));
    const release = budget.reserve(300);
    assert.throws(() => budget.ensureRoom(101), /Not enough room/);
    release();
    release();
    budget.ensureRoom(400);
    budget.added(400);
    assert.throws(() => budget.ensureRoom(1), /Not enough room/);
    const dir = stateFolder('measure');
    writeFileSync(join(dir, 'a'), Buffer.alloc(1234));
    writeFileSync(join(dir, 'b'), Buffer.alloc(766));
    assert.equal(await measureDirectory(dir), 2000);
  });

  it('the default state folder is the platform\'s per-user state folder', () => {
    assert.equal(defaultStateDirectory({ XDG_STATE_HOME: '/x/state' }, 'linux', '/home/u'), '/x/state/rtemislive');
    assert.equal(defaultStateDirectory({ XDG_STATE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/state/rtemislive');
    assert.equal(defaultStateDirectory({}, 'linux', '/home/u'), '/home/u/.local/state/rtemislive');
    assert.equal(defaultStateDirectory({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/rtemislive/state');
    assert.match(defaultStateDirectory({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), /rtemislive[\\/]state$/);
  });

  it('sizes accept bytes and K/M/G/T suffixes; anything else is a clear error', () => {
    assert.equal(parseByteSize('1048576', '--max-state-bytes'), 1_048_576);
    assert.equal(parseByteSize('500M', '--max-state-bytes'), 500 * 1024 ** 2);
    assert.equal(parseByteSize('1.5G', '--max-state-bytes'), 1.5 * 1024 ** 3);
    assert.equal(parseByteSize('2 GiB', '--max-state-bytes'), 2 * 1024 ** 3);
    for (const bad of ['', 'lots', '-1G', '0', '10X']) assert.throws(() => parseByteSize(bad, '--max-state-bytes'), OptionsError);
  });

  it('a new id never repeats one in use (restored ids included)', () => {
    const taken = new Set(['job-0000000000000001', 'job-0000000000000002']);
    const candidates = ['job-0000000000000001', 'job-0000000000000002', 'job-0000000000000003'];
    assert.equal(uniqueId('job', (id) => taken.has(id), () => candidates.shift()!), 'job-0000000000000003');
  });

  it('an event buffer restored from saved state keeps order and the drop count, within its capacity', () => {
    const buffer = new EventBuffer(2);
    buffer.restore([event('a', 1), event('b', 2), event('c', 3)], 4);
    assert.deepEqual(buffer.drain(), { events: [event('b', 2), event('c', 3)], dropped: 5 });
  });
});
